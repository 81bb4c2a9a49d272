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
        let mut args = attr::parse(attr, &mut errors);
        let function: ItemFn = match syn::parse2(item.clone()) {
            Ok(function) => function,
            Err(_) => {
                errors.push(not_a_function(&item));
                let reported = errors.to_compile_errors();
                return quote!(#reported #item);
            }
        };
        if let Some(track_caller) =
            function.attrs.iter().find(|attr| attr.path().is_ident("track_caller"))
        {
            errors.push(syn::Error::new_spanned(
                track_caller,
                "`#[track_caller]` cannot work under `#[retry]`: the body runs inside the \
                 retry loop, so `Location::caller()` would name the loop; remove it",
            ));
        }
        if let Some(again) = function.attrs.iter().find(|attr| is_retry(attr)) {
            errors.push(syn::Error::new_spanned(
                again,
                "`#[retry]` is applied twice; the attempts would multiply, so keep one",
            ));
        }
        let mut analysis = sig::analyse(&function, &mut errors);
        sig::check_keys(&mut analysis, args.expressions(), &mut errors);
        if !analysis.is_async() {
            for (key, value) in [("timeout", &args.timeout), ("deadline", &args.deadline)] {
                if let Some(value) = value {
                    errors.push(syn::Error::new_spanned(
                        value,
                        format!(
                            "`{key}` needs an `async fn`: a blocking attempt cannot be cut short; \
                             for a blocking call, `stop = before_elapsed(…)` skips a sleep that would \
                             end past a time limit"
                        ),
                    ));
                }
            }
        }
        sig::check_value_keys(&analysis, &mut args, &mut errors);
        if args.wrap_errors {
            analysis.attempt_output = sig::unwrapped_output(analysis.output.as_ref(), &mut errors);
            analysis.fatal |= analysis.attempt_output.is_none();
        }
        let expanded = expand::retried_fn(&function, &args, &analysis);
        let reported = errors.to_compile_errors();
        if errors.is_empty() { expanded } else { quote!(#reported #expanded) }
    }

    /// Another `#[retry]` left on the function, by any path (`retry_core::retry`).
    fn is_retry(attr: &syn::Attribute) -> bool {
        attr.path().segments.last().is_some_and(|segment| segment.ident == "retry")
    }

    fn not_a_function(item: &TokenStream) -> syn::Error {
        let message = "`#[retry]` applies to functions and methods with a body";
        if let Ok(method) = syn::parse2::<syn::TraitItemFn>(item.clone()) {
            let message = "`#[retry]` needs the function's body; put it on the method in the impl";
            return match method.semi_token {
                Some(semi) => syn::Error::new(semi.span, message),
                None => syn::Error::new(method.sig.ident.span(), message),
            };
        }
        match syn::parse2::<syn::Item>(item.clone()) {
            Ok(syn::Item::Impl(block)) => syn::Error::new(
                block.impl_token.span,
                "`#[retry]` goes on each method to retry, not on the `impl` block",
            ),
            Ok(other) => syn::Error::new(item_keyword_span(&other), message),
            Err(_) => syn::Error::new(attr::whole(), message),
        }
    }

    /// The keyword that says what kind of item this is (`struct`, `enum`, …).
    fn item_keyword_span(item: &syn::Item) -> proc_macro2::Span {
        use syn::spanned::Spanned;
        match item {
            syn::Item::Struct(item) => item.struct_token.span,
            syn::Item::Enum(item) => item.enum_token.span,
            syn::Item::Const(item) => item.const_token.span,
            syn::Item::Static(item) => item.static_token.span,
            syn::Item::Impl(item) => item.impl_token.span,
            syn::Item::Trait(item) => item.trait_token.span,
            syn::Item::Mod(item) => item.mod_token.span,
            syn::Item::Type(item) => item.type_token.span,
            syn::Item::Use(item) => item.use_token.span,
            other => other.span(),
        }
    }
}
