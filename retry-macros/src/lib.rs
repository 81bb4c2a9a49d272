//! The `#[retry]` attribute. Use it through `retry_core`, which re-exports it and
//! documents every key with examples.

use proc_macro::TokenStream;

mod attr;
mod errors;
mod expand;
mod receiver;
mod sig;

/// Makes a function retry. See `retry_core::retry` for the keys and examples.
#[proc_macro_attribute]
pub fn retry(attr: TokenStream, item: TokenStream) -> TokenStream {
    entry::retry(attr.into(), item.into()).into()
}

mod entry {
    use proc_macro2::TokenStream;
    use quote::quote;
    use syn::ItemFn;

    use crate::errors::Errors;
    use crate::{attr, expand, sig};

    pub(crate) fn retry(attr: TokenStream, item: TokenStream) -> TokenStream {
        let mut errors = Errors::default();
        let args = attr::parse(attr, &mut errors);
        let function: ItemFn = match syn::parse2(item.clone()) {
            Ok(function) => function,
            Err(_) => {
                errors.push(not_a_function(&item));
                let reported = errors.to_compile_errors();
                return quote!(#reported #item);
            }
        };
        let analysis = sig::analyse(&function.sig, &mut errors);
        let expanded = expand::retried_fn(&function, &args, &analysis);
        let reported = errors.to_compile_errors();
        if errors.is_empty() {
            expanded
        } else {
            quote!(#reported #expanded)
        }
    }

    fn not_a_function(item: &TokenStream) -> syn::Error {
        let message = "`#[retry]` applies to functions and methods with a body";
        match syn::parse2::<syn::Item>(item.clone()) {
            Ok(other) => syn::Error::new_spanned(other, message),
            Err(_) => syn::Error::new(attr::whole(), message),
        }
    }
}
