//! Generating the retried function: the user's signature (minus the context
//! parameter) whose body is one call into the runtime engine, with the original
//! body as the attempt closure.

use proc_macro2::{Delimiter, Group, Ident, Spacing, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, ItemFn};

use crate::attr::Args;
use crate::receiver;
use crate::sig::{self, Analysis, Flavor, Returns};

pub(crate) fn retried_fn(item: &ItemFn, args: &Args, analysis: &Analysis) -> TokenStream {
    let krate = match &args.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::retry_core),
    };
    let ItemFn { attrs, vis, .. } = item;
    // A `#![…]` written at the top of the body belongs inside the new body too.
    let (inner_attrs, attrs): (Vec<_>, Vec<_>) =
        attrs.iter().partition(|attr| matches!(attr.style, syn::AttrStyle::Inner(_)));
    let outer_sig = &analysis.outer;
    if analysis.fatal {
        let removed = &analysis.removed_contexts;
        // The errors already say why; a body that type-checks against any signature
        // keeps rustc from adding noise about the retry loop.
        let never = match &analysis.flavor {
            Flavor::Blocking | Flavor::Async => quote!(::core::unreachable!()),
            Flavor::AsyncBlock { boxing } => {
                let output = attempt_output(analysis);
                quote!(#boxing(#krate::__private::typed_attempt::<#output, _>(async move {
                    ::core::unreachable!()
                })))
            }
        };
        let params = analysis.params.iter().map(|param| &param.outer);
        let body = quote! {
            #(let _: ::core::marker::PhantomData<#removed>;)*
            #(let _ = &#params;)*
            #never
        };
        return quote! {
            #(#attrs)*
            #vis #outer_sig {
                #(#inner_attrs)*
                #body
            }
        };
    }
    let policy = policy(item, args, analysis, &krate);
    let is_async = analysis.is_async();
    // Without a context parameter nothing can read the call's clock unless the
    // policy needs it, and the engine starts it then.
    let new_context = match (&analysis.context, args.wrap_errors) {
        (None, false) => quote!(#krate::RetryContext::unclocked()),
        _ => quote!(#krate::RetryContext::new()),
    };
    let handoffs: Vec<_> = analysis
        .params
        .iter()
        .enumerate()
        .map(|(index, param)| sig::handoff(index, param, is_async, &krate))
        .collect();
    let ctx = Ident::new("__retry_ctx", Span::mixed_site());
    let context = analysis
        .context
        .as_ref()
        .map(|(pat, ty)| quote_spanned!(pat.span()=> let #pat: &#ty = #ctx;));
    let output = attempt_output(analysis);
    let error = Ident::new("__retry_error", Span::mixed_site());
    let wrap =
        args.wrap_errors.then(|| quote!(.map_err(|#error| #krate::RetryError::new(#error, &#ctx))));
    let outcome = Ident::new("__retry_outcome", Span::mixed_site());
    let mut stmts = analysis.body.clone();
    if analysis.renames_self() {
        stmts = receiver::rename_self(stmts, &receiver::renamed());
    }
    let before_loop = handoffs.iter().filter_map(|h| h.before_loop.as_ref());
    let per_attempt = handoffs.iter().filter_map(|h| h.per_attempt.as_ref());
    let in_attempt = handoffs.iter().filter_map(|h| h.in_attempt.as_ref());

    // Reads a server's wait from an error that carries one; resolved here, where
    // the error type is known, and a no-op for error types that cannot.
    let publish = quote! {{
        #[allow(unused_imports)]
        use #krate::__private::{ErrorWait as _, NoErrorWait as _};
        (&&#krate::__private::WaitProbe(#outcome)).publish(#ctx)
    }};
    let by_result = analysis.returns == Returns::Result;
    let mode = return_mode(&output, &krate, Span::call_site());
    let (typed_blocking_attempt, inspect) = if by_result {
        (
            quote!(#krate::__private::typed_blocking_attempt::<#output, _>),
            quote!(|#ctx: &#krate::RetryContext, #outcome: &#output| #publish),
        )
    } else {
        (quote!(#mode.blocking), quote!(#mode.inspect(|#ctx, #outcome| #publish)))
    };
    // `move`: the attempt closure owns the by-value arguments it clones for each
    // attempt, so the call's future is `Send` when they are, `Sync` or not; what it
    // must only borrow is bound to a reference beforehand. When a key reads such an
    // argument, the policy borrows it, so the closure borrows it too.
    let capture = (!analysis.keys_read_cloned).then(|| quote!(move));
    let call = if is_async {
        let body = quote! {
            #context
            #(#in_attempt)*
            // The annotation lets the body's last expression coerce, as
            // `Ok(Box::new(error))` into `Box<dyn Error>`; an async block
            // alone would not.
            let #outcome: #output = { #stmts };
            // A body that never finishes (`todo!()`, a final `return`) makes this
            // line unreachable, which is the body's business, not a warning.
            #[allow(unreachable_code)]
            return #outcome;
        };
        let attempt = if by_result {
            quote!(#krate::__private::typed_attempt::<#output, _>(async move { #body }))
        } else {
            // The body's `return` and `?` leave its own block, so the mode makes the
            // engine's outcome around it.
            quote!(#mode.attempt(move || async move { #body }))
        };
        quote! {
            #krate::__private::run_async(#policy, &#ctx, #capture |#ctx| {
                #(#per_attempt)*
                #attempt
            }, #inspect)
            .await
        }
    } else {
        quote! {
            #krate::__private::run_blocking(
                #policy,
                &#ctx,
                #typed_blocking_attempt(|#ctx| {
                    #context
                    #(#in_attempt)*
                    #stmts
                }),
                #inspect,
            )
        }
    };
    let body = if by_result {
        quote! {
            let #ctx = #new_context;
            #(#before_loop)*
            #call
            #wrap
        }
    } else {
        let checks = return_checks(args, analysis, &output, &krate);
        quote! {
            #[allow(unused_imports)]
            use #krate::__private::{ResultReturn as _, ValueReturn as _};
            #checks
            let #ctx = #new_context;
            #(#before_loop)*
            let #outcome = #call;
            #mode.finish(#outcome)
            #wrap
        }
    };
    let body = in_future(analysis, body);
    // The body's braces keep the user's span, so the function reads as the user's
    // item (rustc's `dead_code` lint, for one, skips items made by macros).
    let mut braces = Group::new(Delimiter::Brace, quote!(#(#inner_attrs)* #body));
    braces.set_span(item.block.brace_token.span.join());
    quote! {
        #(#attrs)*
        #vis #outer_sig #braces
    }
}

/// `body` as the function's body: for a `fn` that returns an `async` block, inside
/// such a block again, passed to the same `Box::pin`.
fn in_future(analysis: &Analysis, body: TokenStream) -> TokenStream {
    match &analysis.flavor {
        Flavor::Blocking | Flavor::Async => body,
        Flavor::AsyncBlock { boxing: None } => quote!(async move { #body }),
        Flavor::AsyncBlock { boxing: Some(boxing) } => quote!(#boxing(async move { #body })),
    }
}

/// The mode of a function whose return type does not say `Result`: `ResultMode`
/// when its type is a `Result` after all, `ValueMode` otherwise. The traits that
/// decide are imported at the top of the function's body.
fn return_mode(output: &TokenStream, krate: &TokenStream, span: Span) -> TokenStream {
    let krate = respan(krate, span);
    quote_spanned! {span=>
        (&&#krate::__private::ReturnProbe::<#output>(::core::marker::PhantomData)).return_mode()
    }
}

/// For a return type that only its type can tell from a `Result`, the keys that
/// need a `Result` and the missing `retry_if` that a value needs, each checked
/// where the type is known; rustc reports a failed check at the key or the type.
fn return_checks(
    args: &Args,
    analysis: &Analysis,
    output: &TokenStream,
    krate: &TokenStream,
) -> TokenStream {
    let mut checks = TokenStream::new();
    if analysis.returns != Returns::ByType {
        return checks;
    }
    if let Some(error_type) = &args.retry_on {
        let mode = return_mode(output, krate, error_type.span());
        checks.extend(quote_spanned! {error_type.span()=> #mode.with_retry_on();});
    } else if args.retry_if.is_none() && !analysis.asks_to_try_again() {
        let span = analysis.output.as_ref().map_or_else(Span::call_site, Spanned::span);
        let mode = return_mode(output, krate, span);
        checks.extend(quote_spanned! {span=> #mode.without_retry_if();});
    }
    if analysis.is_async() {
        for (limit, check) in [(&args.timeout, "with_timeout"), (&args.deadline, "with_deadline")] {
            if let Some(limit) = limit {
                let mode = return_mode(output, krate, limit.span());
                let check = Ident::new(check, limit.span());
                checks.extend(quote_spanned! {limit.span()=> #mode.#check();});
            }
        }
    }
    checks
}

/// A recipe for the policy, rebuilt whenever the engine consults it: a call whose
/// first attempt succeeds stores nothing of it.
fn policy(item: &ItemFn, args: &Args, analysis: &Analysis, krate: &TokenStream) -> TokenStream {
    // Calls into the crate take the span of the user's value, so that a value of the
    // wrong type is reported there, once; the imports keep the path's own, so that
    // a wrong `crate = path` is reported at the path.
    let path = krate;
    let name = &item.sig.ident;
    let mut steps = vec![quote! {
        .name(::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)))
    }];
    if let Some(stop) = &args.stop {
        let krate = respan(krate, stop.span());
        steps.push(quote_spanned! {stop.span()=> .stop(#krate::__private::stop({
            #[allow(unused_imports)]
            use #path::stop::*;
            #stop
        }))});
    }
    if let Some(wait) = &args.wait {
        let krate = respan(krate, wait.span());
        steps.push(quote_spanned! {wait.span()=> .wait(#krate::__private::wait({
            #[allow(unused_imports)]
            use #path::wait::*;
            #wait
        }))});
    }
    if let Some(error) = &args.retry_on {
        let krate = respan(krate, error.span());
        steps.push(quote_spanned! {error.span()=>
            .retry_if(#krate::__private::retry_on(
                #krate::__private::error_type::<#error>(),
            ))
        });
    }
    let output = attempt_output(analysis);
    let by_result = analysis.returns == Returns::Result;
    if let Some(condition) = &args.retry_if {
        let krate = respan(krate, condition.span());
        let check = if by_result {
            quote_spanned!(condition.span()=> #krate::__private::retry_if)
        } else {
            let mode = return_mode(&output, &krate, condition.span());
            quote_spanned!(condition.span()=> #mode.retry_if)
        };
        steps.push(quote_spanned! {condition.span()=> .retry_if(#check({
            #[allow(unused_imports)]
            use #path::condition::*;
            #condition
        }))});
    }
    let hooks = [
        (&args.before, quote!(before_attempt)),
        (&args.after, quote!(after_failure)),
        (&args.before_sleep, quote!(before_sleep)),
        (&args.on_success, quote!(on_success)),
        (&args.on_give_up, quote!(on_give_up)),
    ];
    for (hook, method) in hooks {
        if let Some(hook) = hook {
            let value = hook_value(hook, krate);
            steps.push(quote_spanned! {hook.span()=> .#method(#value)});
        }
    }
    if let Some(fallback) = &args.fallback {
        let krate = respan(krate, fallback.span());
        steps.push(if by_result {
            quote_spanned! {fallback.span()=>
                .fallback(#krate::__private::fallback::<#output, _>(#fallback))
            }
        } else {
            let mode = return_mode(&output, &krate, fallback.span());
            quote_spanned! {fallback.span()=> .fallback(#mode.fallback(#fallback))}
        });
    }
    if let Some(limit) = &args.max_server_wait {
        let krate = respan(krate, limit.span());
        steps.push(quote_spanned! {limit.span()=>
            .max_server_wait(#krate::__private::max_server_wait({
                #[allow(unused_imports)]
                use #path::server_wait::*;
                #limit
            }))
        });
    }
    let mut policy = quote!(#krate::__private::policy() #(#steps)*);
    if analysis.is_async() {
        for (limit, method) in
            [(&args.timeout, quote!(timeout)), (&args.deadline, quote!(deadline))]
        {
            if let Some(limit) = limit {
                let krate = respan(krate, limit.span());
                // Spanned at the value, so an error type without `From<TimedOut>`
                // is reported at the key that needs it.
                let output = respan(&output, limit.span());
                policy = if by_result {
                    quote_spanned! {limit.span()=>
                        #policy.#method(#krate::__private::time_limit::<#output>(#limit))
                    }
                } else {
                    // The mode adds the limit; for a value, a check has said why not.
                    let mode = return_mode(&output, &krate, limit.span());
                    quote_spanned! {limit.span()=> #mode.#method(#policy, #limit)}
                };
            }
        }
    }
    quote! {
        #krate::__private::Lazy(|| #policy)
    }
}

/// Closures written in the attribute get their parameter type from a helper, since
/// `Hook` alone cannot tell rustc what the closure takes.
fn hook_value(hook: &Expr, krate: &TokenStream) -> TokenStream {
    let path = krate;
    let krate = respan(krate, hook.span());
    match hook {
        Expr::Closure(_) => quote_spanned! {hook.span()=>
            #krate::__private::hook(#krate::__private::hook_closure(#hook))
        },
        _ => quote_spanned! {hook.span()=> #krate::__private::hook({
            #[allow(unused_imports)]
            use #path::hooks::*;
            #hook
        })},
    }
}

/// The type one attempt returns, with `impl Trait` left to inference.
fn attempt_output(analysis: &Analysis) -> TokenStream {
    match analysis.attempt_output.as_ref().or(analysis.output.as_ref()) {
        Some(ty) => infer_impl_traits(ty.to_token_stream()),
        None => quote!(()),
    }
}

/// `tokens` with every span set to `span`, so that an error about generated code
/// around a user's value is reported at the value, once.
pub(crate) fn respan(tokens: &TokenStream, span: Span) -> TokenStream {
    tokens
        .clone()
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut inner = Group::new(group.delimiter(), respan(&group.stream(), span));
                inner.set_span(span);
                tree = TokenTree::Group(inner);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}

/// The return type with each `impl Trait` replaced by `_`, for use where an
/// `impl Trait` may not be written.
fn infer_impl_traits(tokens: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident) if ident == "impl" => {
                // Skip the bounds up to the `,`, `;` or `>` that ends this type; the
                // `>` of an arrow (`impl Fn(u32) -> u32`) ends nothing.
                let mut depth = 0usize;
                let mut after_minus = false;
                while let Some(next) = trees.peek() {
                    if let TokenTree::Punct(p) = next {
                        match p.as_char() {
                            '>' if after_minus => {}
                            '<' => depth += 1,
                            '>' if depth == 0 => break,
                            '>' => depth -= 1,
                            ',' | ';' if depth == 0 => break,
                            _ => {}
                        }
                        after_minus = p.as_char() == '-' && p.spacing() == Spacing::Joint;
                    } else {
                        after_minus = false;
                    }
                    trees.next();
                }
                out.extend(quote!(_));
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), infer_impl_traits(group.stream()));
                inner.set_span(group.span());
                out.extend([TokenTree::Group(inner)]);
            }
            other => out.extend([other]),
        }
    }
    out
}
