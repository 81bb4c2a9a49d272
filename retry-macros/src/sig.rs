//! Reading the retried function's signature: which parameter is the context, and
//! how each other parameter is handed to every attempt.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, Pat, PatIdent, PatType, ReturnType, Signature, Type};

use crate::errors::Errors;

/// How one parameter reaches each attempt.
pub(crate) enum Pass {
    /// Shared references and receivers: the attempt captures a copy.
    Copy,
    /// `&mut` references: re-borrowed for each attempt.
    Reborrow,
    /// Everything else: cloned for each attempt.
    Clone,
}

pub(crate) struct Param {
    /// The name the outer function binds the argument to.
    pub(crate) outer: Ident,
    /// The user's pattern and type, bound inside each attempt.
    pub(crate) pat: Pat,
    pub(crate) ty: Type,
    pub(crate) pass: Pass,
    /// Whether the attempt needs a `let` at all (a plain shared reference does not).
    pub(crate) rebind: bool,
}

pub(crate) struct Analysis {
    /// The signature callers see: the context parameter removed, patterns replaced
    /// by plain names.
    pub(crate) outer: Signature,
    /// Whether the method takes `&mut self`.
    pub(crate) mut_receiver: bool,
    /// The types of context parameters left out of the signature, mentioned again
    /// when the function cannot be expanded so their imports stay in use.
    pub(crate) removed_contexts: Vec<Type>,
    /// The type each attempt returns when it differs from the declared one
    /// (`wrap_errors`).
    pub(crate) attempt_output: Option<Type>,
    /// Whether the signature cannot be retried at all; the function is then emitted
    /// with its signature only, so callers still type-check.
    pub(crate) fatal: bool,
    pub(crate) context: Option<PatType>,
    pub(crate) params: Vec<Param>,
}

pub(crate) fn analyse(sig: &Signature, body: &TokenStream, errors: &mut Errors) -> Analysis {
    let errors_before = errors.len();
    let mut outer = sig.clone();
    let mut context: Option<PatType> = None;
    let mut params = Vec::new();
    let mut mut_receiver = false;
    let mut removed_contexts = Vec::new();
    outer.inputs.clear();

    for (index, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                // `self: &Self` and `self: &mut Self` are the same receivers as
                // `&self` and `&mut self`, written out.
                match &*receiver.ty {
                    Type::Reference(reference) => mut_receiver = reference.mutability.is_some(),
                    other => errors.push(syn::Error::new(
                        receiver.span(),
                        format!(
                            "`#[retry]` cannot retry a method whose receiver is `{}` yet, since \
                             every attempt needs its own; take `&self` or `&mut self`",
                            other
                                .to_token_stream()
                                .to_string()
                                .replace(" < ", "<")
                                .replace(" >", ">")
                        ),
                    )),
                }
                outer.inputs.push(input.clone());
            }
            FnArg::Typed(typed) if is_context(&typed.ty) => {
                check_context(typed, context.as_ref(), errors);
                removed_contexts.push((*typed.ty).clone());
                if context.is_none() {
                    context = Some(typed.clone());
                }
            }
            FnArg::Typed(typed) => {
                let param = param(index, typed, body);
                let mut outer_typed = typed.clone();
                outer_typed.pat = Box::new(Pat::Ident(PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: param.outer.clone(),
                    subpat: None,
                }));
                outer.inputs.push(FnArg::Typed(outer_typed));
                params.push(param);
            }
        }
    }

    match &sig.output {
        ReturnType::Default => errors.push(syn::Error::new(
            sig.ident.span(),
            "a `#[retry]` function must return a `Result`; add `-> Result<T, E>`",
        )),
        ReturnType::Type(_, ty) => {
            if let Some(found) = plainly_not_a_result(ty) {
                errors.push(syn::Error::new(
                    ty.span(),
                    format!("a `#[retry]` function must return a `Result`, not {found}"),
                ));
            }
        }
    }
    for (keyword, span) in [
        ("const", sig.constness.map(|t| t.span)),
        ("variadic", sig.variadic.as_ref().map(Spanned::span)),
    ] {
        if let Some(span) = span {
            errors.push(syn::Error::new(
                span,
                format!("`#[retry]` cannot be applied to a {keyword} function; its body must run more than once at run time"),
            ));
        }
    }
    let fatal = errors.len() > errors_before;
    Analysis { outer, mut_receiver, removed_contexts, attempt_output: None, fatal, context, params }
}

fn param(index: usize, typed: &PatType, body: &TokenStream) -> Param {
    let pass = match &*typed.ty {
        Type::Reference(reference) if reference.mutability.is_some() => Pass::Reborrow,
        Type::Reference(_) => Pass::Copy,
        _ => Pass::Clone,
    };
    // An argument the body never names needs no copy per attempt; leaving it alone
    // also keeps rustc's own unused-variable warning for it.
    let used = bound_names(&typed.pat).iter().any(|name| mentions(body, name));
    let (outer, rebind) = match &*typed.pat {
        Pat::Ident(PatIdent { ident, by_ref: None, mutability, subpat: None, .. }) => {
            (ident.clone(), used && (mutability.is_some() || !matches!(pass, Pass::Copy)))
        }
        _ => (format_ident!("__retry_arg{}", index, span = Span::mixed_site()), true),
    };
    Param { outer, pat: (*typed.pat).clone(), ty: (*typed.ty).clone(), pass, rebind }
}

/// With `wrap_errors`, the type each attempt returns: the declared
/// `Result<T, RetryError<E>>` with `RetryError<E>` replaced by `E`.
pub(crate) fn unwrapped_output(sig: &Signature, errors: &mut Errors) -> Option<Type> {
    let ReturnType::Type(_, declared) = &sig.output else {
        return None;
    };
    let found = (|| {
        let Type::Path(result) = &**declared else { return None };
        let mut result = result.clone();
        let last = result.path.segments.last_mut()?;
        let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else { return None };
        let Some(syn::GenericArgument::Type(Type::Path(error))) = args.args.iter_mut().nth(1)
        else {
            return None;
        };
        let wrapper = error.path.segments.last()?;
        if wrapper.ident != "RetryError" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(inner) = &wrapper.arguments else { return None };
        let Some(syn::GenericArgument::Type(inner)) = inner.args.first() else { return None };
        let inner = inner.clone();
        if let Some(slot) = args.args.iter_mut().nth(1) {
            *slot = syn::GenericArgument::Type(inner);
        }
        Some(Type::Path(result))
    })();
    if found.is_none() {
        errors.push(syn::Error::new(
            declared.span(),
            "with `wrap_errors = true`, declare the return type as `Result<T, RetryError<E>>`; \
             the body returns `Result<T, E>`",
        ));
    }
    found
}

/// Names a pattern binds.
fn bound_names(pat: &Pat) -> Vec<Ident> {
    struct Names(Vec<Ident>);
    impl<'ast> syn::visit::Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            self.0.push(pat.ident.clone());
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut names = Names(Vec::new());
    syn::visit::Visit::visit_pat(&mut names, pat);
    names.0
}

/// Whether `name` appears anywhere in `tokens`: macro arguments included, and as a
/// word inside string literals, where `format!("{name}")` captures it.
pub(crate) fn mentions(tokens: &TokenStream, name: &Ident) -> bool {
    let word = name.to_string();
    tokens.clone().into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == *name,
        TokenTree::Group(group) => mentions(&group.stream(), name),
        TokenTree::Literal(literal) => contains_word(&literal.to_string(), &word),
        TokenTree::Punct(_) => false,
    })
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// A return type that cannot be a `Result`, described for the error message.
/// Aliases such as `io::Result<T>` pass; rustc checks those.
fn plainly_not_a_result(ty: &Type) -> Option<String> {
    const NOT_RESULTS: &[&str] = &[
        "Option", "bool", "char", "str", "String", "Vec", "u8", "u16", "u32", "u64", "u128",
        "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
    ];
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            NOT_RESULTS
                .contains(&last.ident.to_string().as_str())
                .then(|| format!("`{}`", last.ident))
        }
        Type::Paren(inner) => plainly_not_a_result(&inner.elem),
        Type::Tuple(_) => Some("a tuple".into()),
        Type::Reference(_) => Some("a reference".into()),
        Type::Array(_) | Type::Slice(_) => Some("an array".into()),
        Type::Never(_) => Some("`!`".into()),
        Type::ImplTrait(_) => Some("an `impl Trait`".into()),
        _ => None,
    }
}

/// A parameter of type `&RetryContext` (by any path) is the context.
fn is_context(ty: &Type) -> bool {
    let inner = match ty {
        Type::Reference(reference) => &*reference.elem,
        other => other,
    };
    match inner {
        Type::Path(path) => path.path.segments.last().is_some_and(|s| s.ident == "RetryContext"),
        _ => false,
    }
}

fn check_context(typed: &PatType, earlier: Option<&PatType>, errors: &mut Errors) {
    match &*typed.ty {
        Type::Reference(reference) if reference.mutability.is_some() => {
            errors.push(syn::Error::new(
                reference.mutability.span(),
                "the context is shared with the retry loop; take it as `&RetryContext`",
            ))
        }
        Type::Reference(_) => {}
        other => errors.push(syn::Error::new(
            other.span(),
            "the context belongs to the retry loop; take it by reference: `&RetryContext`",
        )),
    }
    if earlier.is_some() {
        errors.push(syn::Error::new(
            typed.span(),
            "a `#[retry]` function takes at most one `&RetryContext` parameter",
        ));
    }
}

/// The code that hands one parameter to each attempt.
#[derive(Default)]
pub(crate) struct Handoff {
    /// Runs once, in the function body, before the retry loop.
    pub(crate) before_loop: Option<TokenStream>,
    /// Runs in the attempt closure, before an async attempt's future is made.
    pub(crate) per_attempt: Option<TokenStream>,
    /// Runs at the start of the attempt itself.
    pub(crate) in_attempt: Option<TokenStream>,
}

pub(crate) fn handoff(index: usize, param: &Param, is_async: bool) -> Handoff {
    if !param.rebind {
        return Handoff::default();
    }
    let Param { outer, pat, ty, .. } = param;
    let span = ty.span();
    match (&param.pass, is_async) {
        (Pass::Copy, _) => Handoff {
            in_attempt: Some(quote_spanned! {span=> let #pat = #outer; }),
            ..Handoff::default()
        },
        // An async attempt's future must own what it borrows, so the `&mut` is lent
        // to each attempt in turn and comes back when the attempt ends.
        (Pass::Reborrow, true) => {
            let lend = format_ident!("__retry_lend{}", index, span = Span::mixed_site());
            let lent = format_ident!("__retry_lent{}", index, span = Span::mixed_site());
            Handoff {
                before_loop: Some(quote! {
                    let #lend = ::retry_core::__private::Lend::new(#outer);
                }),
                per_attempt: Some(quote! { let mut #lent = #lend.lend(); }),
                in_attempt: Some(quote_spanned! {span=> let #pat = &mut *#lent; }),
            }
        }
        (Pass::Reborrow, false) => Handoff {
            in_attempt: Some(quote_spanned! {span=> let #pat = &mut *#outer; }),
            ..Handoff::default()
        },
        (Pass::Clone, true) => Handoff {
            per_attempt: Some(quote_spanned! {span=>
                let #pat = ::core::clone::Clone::clone(&#outer);
            }),
            ..Handoff::default()
        },
        (Pass::Clone, false) => Handoff {
            in_attempt: Some(quote_spanned! {span=>
                let #pat = ::core::clone::Clone::clone(&#outer);
            }),
            ..Handoff::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_name_inside_a_format_string_counts_as_a_mention() {
        let body = quote! { Ok(format!("{label} and {id:>4}")) };

        assert!(mentions(&body, &Ident::new("label", Span::call_site())));
        assert!(mentions(&body, &Ident::new("id", Span::call_site())));
        assert!(!mentions(&body, &Ident::new("lab", Span::call_site())));
    }
}
