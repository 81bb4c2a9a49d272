//! Reading the retried function's signature: which parameter is the context, and
//! how each other parameter is handed to every attempt.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
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
    pub(crate) context: Option<PatType>,
    pub(crate) params: Vec<Param>,
}

pub(crate) fn analyse(sig: &Signature, errors: &mut Errors) -> Analysis {
    let mut outer = sig.clone();
    let mut context: Option<PatType> = None;
    let mut params = Vec::new();
    let mut mut_receiver = false;
    outer.inputs.clear();

    for (index, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                if receiver.reference.is_none() {
                    errors.push(syn::Error::new(
                        receiver.span(),
                        "`#[retry]` cannot retry a method that takes `self` by value yet; take `&self` or `&mut self`",
                    ));
                }
                mut_receiver = receiver.reference.is_some() && receiver.mutability.is_some();
                outer.inputs.push(input.clone());
            }
            FnArg::Typed(typed) if is_context(&typed.ty) => {
                check_context(typed, context.as_ref(), errors);
                if context.is_none() {
                    context = Some(typed.clone());
                }
            }
            FnArg::Typed(typed) => {
                let param = param(index, typed);
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

    if let ReturnType::Default = sig.output {
        errors.push(syn::Error::new(
            sig.ident.span(),
            "a `#[retry]` function must return a `Result`; add `-> Result<T, E>`",
        ));
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
    Analysis {
        outer,
        mut_receiver,
        context,
        params,
    }
}

fn param(index: usize, typed: &PatType) -> Param {
    let pass = match &*typed.ty {
        Type::Reference(reference) if reference.mutability.is_some() => Pass::Reborrow,
        Type::Reference(_) => Pass::Copy,
        _ => Pass::Clone,
    };
    let (outer, rebind) = match &*typed.pat {
        Pat::Ident(PatIdent {
            ident,
            by_ref: None,
            mutability,
            subpat: None,
            ..
        }) => (
            ident.clone(),
            mutability.is_some() || !matches!(pass, Pass::Copy),
        ),
        _ => (
            format_ident!("__retry_arg{}", index, span = Span::mixed_site()),
            true,
        ),
    };
    Param {
        outer,
        pat: (*typed.pat).clone(),
        ty: (*typed.ty).clone(),
        pass,
        rebind,
    }
}

/// A parameter of type `&RetryContext` (by any path) is the context.
fn is_context(ty: &Type) -> bool {
    let inner = match ty {
        Type::Reference(reference) => &*reference.elem,
        other => other,
    };
    match inner {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "RetryContext"),
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
            in_attempt: Some(quote_spanned! {span=> let #pat: #ty = #outer; }),
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
                in_attempt: Some(quote_spanned! {span=> let #pat: #ty = &mut *#lent; }),
            }
        }
        (Pass::Reborrow, false) => Handoff {
            in_attempt: Some(quote_spanned! {span=> let #pat: #ty = &mut *#outer; }),
            ..Handoff::default()
        },
        (Pass::Clone, true) => Handoff {
            per_attempt: Some(quote_spanned! {span=>
                let #pat: #ty = ::core::clone::Clone::clone(&#outer);
            }),
            ..Handoff::default()
        },
        (Pass::Clone, false) => Handoff {
            in_attempt: Some(quote_spanned! {span=>
                let #pat: #ty = ::core::clone::Clone::clone(&#outer);
            }),
            ..Handoff::default()
        },
    }
}
