//! Generating the retried function: the user's signature (minus the context
//! parameter) whose body is one call into the runtime engine, with the original
//! body as the attempt closure.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, ItemFn, ReturnType};

use crate::attr::Args;
use crate::receiver;
use crate::sig::{self, Analysis};

pub(crate) fn retried_fn(item: &ItemFn, args: &Args, analysis: &Analysis) -> TokenStream {
    let krate = quote!(::retry_core);
    let ItemFn {
        attrs, vis, block, ..
    } = item;
    let outer_sig = &analysis.outer;
    let policy = policy(item, args, &krate);
    let is_async = item.sig.asyncness.is_some();
    let handoffs: Vec<_> = analysis
        .params
        .iter()
        .enumerate()
        .map(|(index, param)| sig::handoff(index, param, is_async))
        .collect();
    let ctx = Ident::new("__retry_ctx", Span::mixed_site());
    let context = analysis.context.as_ref().map(|typed| {
        let (pat, ty) = (&typed.pat, &typed.ty);
        quote_spanned!(typed.span()=> let #pat: #ty = #ctx;)
    });
    let output = match &item.sig.output {
        ReturnType::Type(_, ty) => ty.to_token_stream(),
        ReturnType::Default => quote!(()),
    };
    let mut stmts: TokenStream = block.stmts.iter().map(ToTokens::to_token_stream).collect();
    let mut before_loop: Vec<TokenStream> = handoffs
        .iter()
        .filter_map(|h| h.before_loop.clone())
        .collect();
    let mut per_attempt: Vec<TokenStream> = handoffs
        .iter()
        .filter_map(|h| h.per_attempt.clone())
        .collect();
    let mut in_attempt: Vec<TokenStream> = handoffs
        .iter()
        .filter_map(|h| h.in_attempt.clone())
        .collect();
    if is_async && analysis.mut_receiver {
        let this = receiver::renamed();
        let lend = Ident::new("__retry_lend_self", Span::mixed_site());
        let lent = Ident::new("__retry_lent_self", Span::mixed_site());
        before_loop.push(quote!(let #lend = #krate::__private::Lend::new(self);));
        per_attempt.push(quote!(let mut #lent = #lend.lend();));
        in_attempt.insert(0, quote!(let #this: &mut Self = &mut *#lent;));
        stmts = receiver::rename_self(stmts, &this);
    }

    let body = if is_async {
        quote! {
            let #ctx = #krate::RetryContext::new();
            #(#before_loop)*
            #krate::__private::run_async(#policy, &#ctx, |#ctx| {
                #(#per_attempt)*
                #krate::__private::typed_attempt::<#output, _>(async move {
                    #context
                    #(#in_attempt)*
                    #stmts
                })
            })
            .await
        }
    } else {
        quote! {
            let #ctx = #krate::RetryContext::new();
            #krate::__private::run_blocking(
                #policy,
                &#ctx,
                #krate::__private::typed_blocking_attempt::<#output, _>(|#ctx| {
                    #context
                    #(#in_attempt)*
                    #stmts
                }),
            )
        }
    };
    quote! {
        #(#attrs)*
        #vis #outer_sig {
            #body
        }
    }
}

/// A recipe for the policy, rebuilt whenever the engine consults it: a call whose
/// first attempt succeeds stores nothing of it.
fn policy(item: &ItemFn, args: &Args, krate: &TokenStream) -> TokenStream {
    let name = &item.sig.ident;
    let mut steps = vec![quote! {
        .name(::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)))
    }];
    if let Some(stop) = &args.stop {
        steps.push(quote_spanned! {stop.span()=> .stop({
            #[allow(unused_imports)]
            use #krate::stop::*;
            #stop
        })});
    }
    if let Some(wait) = &args.wait {
        steps.push(quote_spanned! {wait.span()=> .wait({
            #[allow(unused_imports)]
            use #krate::wait::*;
            #wait
        })});
    }
    if let Some(error) = &args.retry_on {
        steps.push(quote_spanned! {error.span()=> .retry_on::<#error>()});
    }
    if let Some(hook) = &args.before {
        let hook = hook_value(hook, krate);
        steps.push(quote_spanned! {hook.span()=> .before_attempt(#hook)});
    }
    if let Some(hook) = &args.before_sleep {
        let hook = hook_value(hook, krate);
        steps.push(quote_spanned! {hook.span()=> .before_sleep(#hook)});
    }
    if let Some(limit) = &args.max_server_wait {
        steps.push(quote_spanned! {limit.span()=> .max_server_wait(#limit)});
    }
    quote! {
        #krate::__private::Lazy(|| #krate::__private::policy() #(#steps)*)
    }
}

/// Closures written in the attribute get their parameter type from a helper, since
/// `Hook` alone cannot tell rustc what the closure takes.
fn hook_value(hook: &Expr, krate: &TokenStream) -> TokenStream {
    match hook {
        Expr::Closure(_) => quote_spanned! {hook.span()=> #krate::__private::hook(#hook)},
        _ => quote!(#hook),
    }
}
