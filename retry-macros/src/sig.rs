//! Reading the retried function: how it runs (blocking, `async`, or a `fn` that
//! returns an `async` block), which parameter is the context, and how the receiver
//! and every other parameter are handed to each attempt.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{
    Expr, ExprAsync, FnArg, GenericArgument, GenericParam, Ident, ItemFn, Pat, PatIdent, PatType,
    PathArguments, Receiver, ReturnType, Signature, Stmt, Type, TypeParamBound, TypePath,
    WherePredicate,
};

use crate::attr::Args;
use crate::errors::Errors;

/// How one parameter reaches each attempt.
pub(crate) enum Pass {
    /// Shared references: the attempt captures a copy.
    Copy,
    /// `&mut` references: re-borrowed for each attempt.
    Reborrow,
    /// `Pin<&mut T>`: re-borrowed for each attempt with `Pin::as_mut`.
    ReborrowPinned,
    /// Everything else, `self`, `Box<Self>` and `Arc<Self>` included: cloned for each
    /// attempt.
    Clone,
}

pub(crate) struct Param {
    /// The name the outer function binds the argument to: `self` for the receiver.
    pub(crate) outer: Ident,
    /// The user's pattern, bound inside each attempt; for the receiver, the name
    /// the body's `self` is renamed to.
    pub(crate) pat: Pat,
    pub(crate) ty: Type,
    pub(crate) pass: Pass,
    /// Whether the attempt needs a `let` at all (a plain shared reference does not).
    pub(crate) rebind: bool,
    pub(crate) receiver: bool,
}

/// How the function runs.
pub(crate) enum Flavor {
    Blocking,
    Async,
    /// A plain `fn` whose body is one `async` block, returned as it is
    /// (`-> impl Future`) or passed to `Box::pin` (`-> Pin<Box<dyn Future>>`, which
    /// is what `#[async_trait]` makes of an `async fn`); `boxing` is that call's
    /// function.
    AsyncBlock {
        boxing: Option<Expr>,
    },
}

/// What the function returns, as far as its return type's syntax tells.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Returns {
    /// A type named `Result`, `io::Result<T>` included: the engine runs on it.
    Result,
    /// A type that is plainly no `Result` (`Option<T>`, `bool`, a tuple, a
    /// reference, …): the engine runs on `Result<R, Infallible>`, and only
    /// `retry_if` or `try_again` retries.
    Value,
    /// Any other type (a struct, an alias, a type parameter): the expansion lets
    /// its type choose between the two, so an alias of a `Result` keeps its errors.
    ByType,
}

pub(crate) struct Analysis {
    /// The signature callers see: the context parameter removed, patterns replaced
    /// by plain names.
    pub(crate) outer: Signature,
    pub(crate) flavor: Flavor,
    /// The statements each attempt runs: the function's body, or its `async`
    /// block's.
    pub(crate) body: TokenStream,
    /// What a call produces: the declared return type, or the `Output` of the
    /// future the function returns.
    pub(crate) output: Option<Type>,
    /// Whether `output` is a `Result`, a value, or for its type to tell.
    pub(crate) returns: Returns,
    /// The types of context parameters left out of the signature, mentioned again
    /// when the function cannot be expanded so their imports stay in use.
    pub(crate) removed_contexts: Vec<Type>,
    /// The type each attempt returns when it differs from `output` (`wrap_errors`).
    pub(crate) attempt_output: Option<Type>,
    /// Whether the signature cannot be retried at all; the function is then emitted
    /// with its signature only, so callers still type-check.
    pub(crate) fatal: bool,
    /// The context parameter's pattern, and its type without the `&`.
    pub(crate) context: Option<(Pat, Type)>,
    /// The receiver, if any, then the other parameters, in order.
    pub(crate) params: Vec<Param>,
    /// Whether a key reads an argument that each attempt clones, so the policy
    /// borrows it while the attempts need it too.
    pub(crate) keys_read_cloned: bool,
}

impl Analysis {
    pub(crate) fn is_async(&self) -> bool {
        !matches!(self.flavor, Flavor::Blocking)
    }

    /// Whether the body may ask for another attempt through `ctx.try_again()`.
    pub(crate) fn asks_to_try_again(&self) -> bool {
        asks_to_try_again(&self.body)
    }

    /// Whether the body's `self` is renamed, because each attempt binds its own.
    pub(crate) fn renames_self(&self) -> bool {
        self.params.iter().any(|param| param.receiver && param.rebind)
    }
}

pub(crate) fn analyse(function: &ItemFn, errors: &mut Errors) -> Analysis {
    let errors_before = errors.len();
    let sig = &function.sig;
    let (flavor, body, mut output) = flavor(function, errors);
    let is_async = !matches!(flavor, Flavor::Blocking);
    let mut outer = sig.clone();
    let mut context = None;
    let mut params = Vec::new();
    let mut removed_contexts = Vec::new();
    outer.inputs.clear();

    for (index, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(receiver) => {
                let param = receiver_param(receiver, &body, is_async);
                let mut outer_receiver = receiver.clone();
                if param.rebind && receiver.reference.is_none() {
                    // `mut self` goes to each attempt's binding.
                    outer_receiver.mutability = None;
                }
                outer.inputs.push(FnArg::Receiver(outer_receiver));
                params.push(param);
            }
            FnArg::Typed(typed) if is_context(&typed.ty) => {
                check_context(typed, context.is_some(), errors);
                removed_contexts.push(referent(&typed.ty).clone());
                context.get_or_insert_with(|| ((*typed.pat).clone(), referent(&typed.ty).clone()));
            }
            FnArg::Typed(typed) => {
                let param = param(index, typed, &body);
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
    drop_context_lifetimes(&mut outer, sig);

    let returns = match &output {
        // A function without a return type that asks to try again returns `()`.
        None if asks_to_try_again(&body) => {
            output = Some(syn::parse_quote!(()));
            Returns::Value
        }
        None => {
            errors.push(syn::Error::new(
                sig.ident.span(),
                "a `#[retry]` function must return a `Result`, or a value that `retry_if` \
                 or `ctx.try_again()` decides on; add `-> Result<T, E>`",
            ));
            Returns::Result
        }
        Some(ty) => returns(ty).unwrap_or_else(|error| {
            errors.push(error);
            Returns::Result
        }),
    };
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
    Analysis {
        outer,
        flavor,
        body,
        output,
        returns,
        removed_contexts,
        attempt_output: None,
        fatal,
        context,
        params,
        keys_read_cloned: false,
    }
}

/// How the function runs, the statements of one attempt, and the `Result` a call
/// produces.
fn flavor(function: &ItemFn, errors: &mut Errors) -> (Flavor, TokenStream, Option<Type>) {
    let stmts = |stmts: &[Stmt]| stmts.iter().map(ToTokens::to_token_stream).collect();
    let declared = match &function.sig.output {
        ReturnType::Type(_, ty) => Some((**ty).clone()),
        ReturnType::Default => None,
    };
    if function.sig.asyncness.is_some() {
        return (Flavor::Async, stmts(&function.block.stmts), declared);
    }
    let found = async_block(&function.block.stmts);
    let Some(output) = declared.as_ref().and_then(future_output) else {
        if let (Some((_, block)), Some(declared)) = (found, &declared) {
            errors.push(syn::Error::new(
                declared.span(),
                "`#[retry]` cannot see what this future resolves to; write the return type \
                 out as `impl Future<Output = Result<T, E>>` or \
                 `Pin<Box<dyn Future<Output = Result<T, E>> + Send + '_>>`",
            ));
            return (Flavor::Blocking, stmts(&block.block.stmts), Some(declared.clone()));
        }
        return (Flavor::Blocking, stmts(&function.block.stmts), declared);
    };
    let output = Some(output.clone());
    if let Some((boxing, block)) = found {
        return (Flavor::AsyncBlock { boxing }, stmts(&block.block.stmts), output);
    }
    let guilty = function.block.stmts.last().map_or(function.block.span(), Spanned::span);
    errors.push(syn::Error::new(
        guilty,
        "`#[retry]` runs the future's `async` block once per attempt, so the body must be \
         that block: `async move { … }` or `Box::pin(async move { … })`; or make this an \
         `async fn`",
    ));
    // What the function is emitted with, so that rustc adds no errors of its own.
    let flavor = match declared.as_ref().map(ungrouped) {
        Some(Type::ImplTrait(_)) => Flavor::AsyncBlock { boxing: None },
        _ => Flavor::Blocking,
    };
    (flavor, TokenStream::new(), output)
}

/// The `Output` of a returned `impl Future<Output = …>` or
/// `Pin<Box<dyn Future<Output = …>>>`.
fn future_output(ty: &Type) -> Option<&Type> {
    let bounds = match ungrouped(ty) {
        Type::ImplTrait(found) => &found.bounds,
        Type::Path(pin) => {
            let Type::Path(boxed) = ungrouped(only_type_argument(pin, "Pin")?) else {
                return None;
            };
            let Type::TraitObject(object) = ungrouped(only_type_argument(boxed, "Box")?) else {
                return None;
            };
            &object.bounds
        }
        _ => return None,
    };
    bounds.iter().find_map(|bound| {
        let TypeParamBound::Trait(bound) = bound else { return None };
        let future = bound.path.segments.last().filter(|last| last.ident == "Future")?;
        let PathArguments::AngleBracketed(args) = &future.arguments else { return None };
        args.args.iter().find_map(|arg| match arg {
            GenericArgument::AssocType(assoc) if assoc.ident == "Output" => Some(&assoc.ty),
            _ => None,
        })
    })
}

/// `Pin<X>` → `X`, for the named last segment.
fn only_type_argument<'t>(path: &'t TypePath, name: &str) -> Option<&'t Type> {
    let last = path.path.segments.last().filter(|last| last.ident == name)?;
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first() {
        Some(GenericArgument::Type(ty)) if args.args.len() == 1 => Some(ty),
        _ => None,
    }
}

fn ungrouped(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => ungrouped(&group.elem),
        Type::Paren(paren) => ungrouped(&paren.elem),
        other => other,
    }
}

/// A body that is one `async` block, alone or passed to a `…::pin` function.
fn async_block(stmts: &[Stmt]) -> Option<(Option<Expr>, &ExprAsync)> {
    let [Stmt::Expr(expr, None)] = stmts else { return None };
    match ungrouped_expr(expr) {
        Expr::Async(block) => Some((None, block)),
        Expr::Call(call) if call.args.len() == 1 => {
            let Expr::Async(block) = ungrouped_expr(&call.args[0]) else { return None };
            let Expr::Path(function) = ungrouped_expr(&call.func) else { return None };
            let last = function.path.segments.last()?;
            (last.ident == "pin").then(|| (Some((*call.func).clone()), block))
        }
        _ => None,
    }
}

fn ungrouped_expr(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) => ungrouped_expr(&group.expr),
        Expr::Paren(paren) => ungrouped_expr(&paren.expr),
        other => other,
    }
}

/// The keys that need a `Result`, on a function whose return type is plainly a
/// value: each is reported and dropped, so that the rest still expands and
/// type-checks. For a return type that only its type can tell, the expansion asks
/// the type the same questions.
pub(crate) fn check_value_keys(analysis: &Analysis, args: &mut Args, errors: &mut Errors) {
    let (Returns::Value, Some(ty)) = (analysis.returns, &analysis.output) else { return };
    let name = type_text(ty);
    let not_a_result = format!("needs a function that returns a `Result`, and `{name}` is not one");
    if let Some(error_type) = args.retry_on.take() {
        errors.push(syn::Error::new_spanned(
            error_type,
            format!(
                "`retry_on` {not_a_result}; say which values to retry with \
                 `retry_if = result_matches(…)`"
            ),
        ));
    } else if args.retry_if.is_none() && !analysis.asks_to_try_again() {
        errors.push(syn::Error::new_spanned(
            ty,
            format!(
                "`#[retry]` on a function returning `{name}` needs \
                 `retry_if = result_matches(…)` to say which values to retry \
                 (or `retry_if = never_retry()` if a helper calls `ctx.try_again()`)"
            ),
        ));
    }
    if let Some(flag) = args.wrap_errors_at.take() {
        args.wrap_errors = false;
        errors.push(syn::Error::new(
            flag,
            format!("`wrap_errors` {not_a_result}; a value has no errors to wrap"),
        ));
    }
    if analysis.is_async() {
        for (key, limit) in [("timeout", &mut args.timeout), ("deadline", &mut args.deadline)] {
            if let Some(limit) = limit.take() {
                errors.push(syn::Error::new_spanned(
                    limit,
                    format!(
                        "`{key}` {not_a_result}; an attempt cut short has no `{name}` to \
                         return, so return `Result<{name}, E>` with `E: From<TimedOut>`"
                    ),
                ));
            }
        }
    }
}

/// A key that reads a parameter the attempts hold between them: a `&mut` lent to
/// each async attempt, or a `Pin<&mut T>` re-borrowed by each attempt, is no longer
/// the caller's to read by the time the loop evaluates the keys.
pub(crate) fn check_keys<'a>(
    analysis: &mut Analysis,
    keys: impl Iterator<Item = (&'static str, &'a Expr)>,
    errors: &mut Errors,
) {
    let held: Vec<Ident> = analysis
        .params
        .iter()
        .filter(|param| param.rebind)
        .filter(|param| match param.pass {
            Pass::ReborrowPinned => true,
            Pass::Reborrow => analysis.is_async(),
            Pass::Copy | Pass::Clone => false,
        })
        .map(|param| param.outer.clone())
        .collect();
    let cloned: Vec<Ident> = analysis
        .params
        .iter()
        .filter(|param| param.rebind && matches!(param.pass, Pass::Clone))
        .map(|param| param.outer.clone())
        .collect();
    for (key, value) in keys {
        // A closure's own parameter may share an argument's name (`|state| …`).
        let bound = closure_bindings(value);
        let value = value.to_token_stream();
        analysis.keys_read_cloned |=
            cloned.iter().any(|name| !bound.contains(name) && mention(&value, name).is_some());
        for name in held.iter().filter(|name| !bound.contains(name)) {
            if let Some(span) = mention(&value, name) {
                analysis.fatal = true;
                errors.push(syn::Error::new(
                    span,
                    format!(
                        "`{key}` cannot read `{name}`: each attempt borrows it mutably in \
                         turn; pass what `{key}` needs as an argument of its own"
                    ),
                ));
            }
        }
    }
}

/// The names that the parameters of closures in `expr` bind.
fn closure_bindings(expr: &Expr) -> Vec<Ident> {
    struct Bindings(Vec<Ident>);
    impl<'ast> syn::visit::Visit<'ast> for Bindings {
        fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
            struct Names<'n>(&'n mut Vec<Ident>);
            impl<'ast> syn::visit::Visit<'ast> for Names<'_> {
                fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
                    self.0.push(pat.ident.clone());
                    syn::visit::visit_pat_ident(self, pat);
                }
            }
            for input in &closure.inputs {
                syn::visit::Visit::visit_pat(&mut Names(&mut self.0), input);
            }
            syn::visit::visit_expr_closure(self, closure);
        }
    }
    let mut bindings = Bindings(Vec::new());
    syn::visit::Visit::visit_expr(&mut bindings, expr);
    bindings.0
}

/// Where `name` first appears in `tokens` as a word.
fn mention(tokens: &TokenStream, name: &Ident) -> Option<Span> {
    tokens.clone().into_iter().find_map(|tree| match tree {
        TokenTree::Ident(ident) if ident == *name => Some(ident.span()),
        TokenTree::Group(group) => mention(&group.stream(), name),
        _ => None,
    })
}

/// How a type reaches each attempt.
fn pass(ty: &Type) -> Pass {
    match ungrouped(ty) {
        Type::Reference(reference) if reference.mutability.is_some() => Pass::Reborrow,
        Type::Reference(_) => Pass::Copy,
        Type::Path(path) if only_type_argument(path, "Pin").is_some_and(is_mut_reference) => {
            Pass::ReborrowPinned
        }
        _ => Pass::Clone,
    }
}

fn is_mut_reference(ty: &Type) -> bool {
    matches!(ungrouped(ty), Type::Reference(reference) if reference.mutability.is_some())
}

/// The receiver as a parameter: `self` outside, a new name for the body's `self`
/// inside each attempt when the attempt needs its own.
fn receiver_param(receiver: &Receiver, body: &TokenStream, is_async: bool) -> Param {
    let pass = pass(&receiver.ty);
    let outer = Ident::new("self", receiver.self_token.span);
    // A blocking attempt reaches `&mut self` through its closure's capture; only the
    // other receivers need a binding of their own.
    let rebind = match (&pass, is_async) {
        (Pass::Copy, _) | (Pass::Reborrow, false) => false,
        _ => mentions(body, &outer),
    };
    let pat = Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        // The `mut` of `&mut self` belongs to the reference, not to the binding.
        mutability: receiver.mutability.filter(|_| receiver.reference.is_none()),
        ident: crate::receiver::renamed(),
        subpat: None,
    });
    Param { outer, pat, ty: (*receiver.ty).clone(), pass, rebind, receiver: true }
}

fn param(index: usize, typed: &PatType, body: &TokenStream) -> Param {
    let pass = pass(&typed.ty);
    // An argument the body never names needs no copy per attempt; leaving it alone
    // also keeps rustc's own unused-variable warning for it.
    let names = bound_names(&typed.pat);
    let used = names.iter().any(|name| mentions(body, name));
    let (outer, rebind) = match &*typed.pat {
        Pat::Ident(PatIdent { ident, by_ref: None, mutability, subpat: None, .. }) => {
            (ident.clone(), used && (mutability.is_some() || !matches!(pass, Pass::Copy)))
        }
        _ => (format_ident!("__retry_arg{}", index, span = Span::mixed_site()), !names.is_empty()),
    };
    Param {
        outer,
        pat: (*typed.pat).clone(),
        ty: (*typed.ty).clone(),
        pass,
        rebind,
        receiver: false,
    }
}

/// Drops a lifetime parameter that only the removed context parameter used, such as
/// the `'life1` that `#[async_trait]` gives `ctx: &RetryContext`: the method would
/// otherwise have one more lifetime than the trait declares.
fn drop_context_lifetimes(outer: &mut Signature, original: &Signature) {
    struct Mentions<'a>(&'a syn::Lifetime, bool);
    impl<'ast> Visit<'ast> for Mentions<'_> {
        fn visit_lifetime(&mut self, lifetime: &'ast syn::Lifetime) {
            self.1 |= lifetime == self.0;
        }
    }
    let context_lifetimes = original.inputs.iter().filter_map(|input| match input {
        FnArg::Typed(typed) if is_context(&typed.ty) => match ungrouped(&typed.ty) {
            Type::Reference(reference) => reference.lifetime.clone(),
            _ => None,
        },
        _ => None,
    });
    for lifetime in context_lifetimes.collect::<Vec<_>>() {
        let declared = |param: &GenericParam| matches!(param, GenericParam::Lifetime(def) if def.lifetime == lifetime);
        let bounds_it = |predicate: &WherePredicate| matches!(predicate, WherePredicate::Lifetime(bound) if bound.lifetime == lifetime);
        if !outer.generics.params.iter().any(declared) {
            continue;
        }
        let mut rest = outer.clone();
        rest.generics.params = rest.generics.params.into_iter().filter(|p| !declared(p)).collect();
        if let Some(clause) = &mut rest.generics.where_clause {
            clause.predicates =
                clause.predicates.iter().filter(|p| !bounds_it(p)).cloned().collect();
        }
        let mut mentions = Mentions(&lifetime, false);
        mentions.visit_signature(&rest);
        if !mentions.1 {
            *outer = rest;
        }
    }
}

/// With `wrap_errors`, the type each attempt returns: the declared
/// `Result<T, RetryError<E>>` with `RetryError<E>` replaced by `E`.
pub(crate) fn unwrapped_output(declared: Option<&Type>, errors: &mut Errors) -> Option<Type> {
    let declared = declared?;
    let found = (|| {
        let Type::Path(result) = ungrouped(declared) else { return None };
        let mut result = result.clone();
        let last = result.path.segments.last_mut()?;
        let PathArguments::AngleBracketed(args) = &mut last.arguments else { return None };
        let Some(GenericArgument::Type(Type::Path(error))) = args.args.iter_mut().nth(1) else {
            return None;
        };
        let wrapper = error.path.segments.last()?;
        if wrapper.ident != "RetryError" {
            return None;
        }
        let PathArguments::AngleBracketed(inner) = &wrapper.arguments else { return None };
        let Some(GenericArgument::Type(inner)) = inner.args.first() else { return None };
        let inner = inner.clone();
        if let Some(slot) = args.args.iter_mut().nth(1) {
            *slot = GenericArgument::Type(inner);
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
    impl<'ast> Visit<'ast> for Names {
        fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
            self.0.push(pat.ident.clone());
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    let mut names = Names(Vec::new());
    names.visit_pat(pat);
    names.0
}

/// Whether a body names `try_again`, as in `ctx.try_again()`; a call made through
/// a helper of its own is not seen.
fn asks_to_try_again(body: &TokenStream) -> bool {
    mentions(body, &Ident::new("try_again", Span::call_site()))
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

/// Whether a return type is a `Result`, plainly a value, or for the type to tell;
/// an error for one that nothing can retry.
fn returns(ty: &Type) -> syn::Result<Returns> {
    const VALUES: &[&str] = &[
        "Option", "bool", "char", "str", "String", "Vec", "u8", "u16", "u32", "u64", "u128",
        "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
    ];
    match ungrouped(ty) {
        Type::Path(path) => {
            let Some(last) = path.path.segments.last() else { return Ok(Returns::ByType) };
            Ok(if last.ident == "Result" {
                Returns::Result
            } else if path.qself.is_none() && VALUES.contains(&last.ident.to_string().as_str()) {
                Returns::Value
            } else {
                Returns::ByType
            })
        }
        Type::Tuple(_)
        | Type::Reference(_)
        | Type::Array(_)
        | Type::Slice(_)
        | Type::Ptr(_)
        | Type::BareFn(_) => Ok(Returns::Value),
        Type::Never(_) => Err(syn::Error::new_spanned(
            ty,
            "a `#[retry]` function must return a value to retry on, not `!`",
        )),
        Type::ImplTrait(_) => Err(syn::Error::new_spanned(
            ty,
            "`#[retry]` cannot retry an `impl Trait` that no retry condition can name; \
             return a named type, or `Result<impl Trait, E>`",
        )),
        _ => Ok(Returns::ByType),
    }
}

/// A type as a message shows it: `Option<&'a str>`, not `Option < & 'a str >`.
fn type_text(ty: &Type) -> String {
    let mut text = ty.to_token_stream().to_string();
    for (spaced, tight) in [
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        (" :: ", "::"),
        (":: ", "::"),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" ;", ";"),
    ] {
        text = text.replace(spaced, tight);
    }
    text
}

/// A parameter of type `&RetryContext` (by any path) is the context.
fn is_context(ty: &Type) -> bool {
    match referent(ty) {
        Type::Path(path) => path.path.segments.last().is_some_and(|s| s.ident == "RetryContext"),
        _ => false,
    }
}

/// `T` for `&T`, `&'a mut T` and `T`.
fn referent(ty: &Type) -> &Type {
    match ungrouped(ty) {
        Type::Reference(reference) => ungrouped(&reference.elem),
        other => other,
    }
}

fn check_context(typed: &PatType, second: bool, errors: &mut Errors) {
    match ungrouped(&typed.ty) {
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
    if second {
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

pub(crate) fn handoff(index: usize, param: &Param, is_async: bool, krate: &TokenStream) -> Handoff {
    if !param.rebind {
        return Handoff::default();
    }
    let Param { outer, pat, ty, .. } = param;
    // Errors about the receiver belong on `self`, whatever type it is written with.
    let span = if param.receiver { outer.span() } else { ty.span() };
    let lend = format_ident!("__retry_lend{}", index, span = Span::mixed_site());
    let lent = format_ident!("__retry_lent{}", index, span = Span::mixed_site());
    let pinned = format_ident!("__retry_pinned{}", index, span = Span::mixed_site());
    match (&param.pass, is_async) {
        (Pass::Copy, _) => Handoff {
            in_attempt: Some(quote_spanned! {span=> let #pat = #outer; }),
            ..Handoff::default()
        },
        // An async attempt's future must own what it borrows, so the `&mut` is lent
        // to each attempt in turn and comes back when the attempt ends.
        (Pass::Reborrow, true) => Handoff {
            before_loop: Some(quote! {
                let #lend = #krate::__private::Lend::new(#outer);
                let #lend = &#lend;
            }),
            per_attempt: Some(quote! { let mut #lent = #lend.lend(); }),
            in_attempt: Some(quote_spanned! {span=> let #pat = &mut *#lent; }),
        },
        (Pass::Reborrow, false) => Handoff {
            in_attempt: Some(quote_spanned! {span=> let #pat = &mut *#outer; }),
            ..Handoff::default()
        },
        (Pass::ReborrowPinned, true) => Handoff {
            before_loop: Some(quote! {
                let mut #pinned = #outer;
                let #lend = #krate::__private::Lend::new(&mut #pinned);
                let #lend = &#lend;
            }),
            per_attempt: Some(quote! { let mut #lent = #lend.lend(); }),
            in_attempt: Some(quote_spanned! {span=>
                let #pat = ::core::pin::Pin::as_mut(&mut *#lent);
            }),
        },
        (Pass::ReborrowPinned, false) => Handoff {
            before_loop: Some(quote! { let mut #pinned = #outer; }),
            in_attempt: Some(quote_spanned! {span=>
                let #pat = ::core::pin::Pin::as_mut(&mut #pinned);
            }),
            ..Handoff::default()
        },
        (Pass::Clone, _) => {
            let clone = if param.receiver {
                // Only the argument takes the span of `self`: with the whole call
                // there, rustc would drop the helper's message for its own.
                let borrow = quote_spanned! {span=> &#outer };
                let boxed = matches!(ungrouped(ty), Type::Path(path) if only_type_argument(path, "Box").is_some());
                if boxed {
                    quote! { #krate::__private::clone_boxed_receiver(#borrow) }
                } else {
                    quote! { #krate::__private::clone_receiver(#borrow) }
                }
            } else {
                let borrow = quote_spanned! {span=> &#outer };
                quote! { #krate::__private::clone_argument(#borrow) }
            };
            let clone = Some(quote_spanned! {span=> let #pat = #clone; });
            if is_async {
                Handoff { per_attempt: clone, ..Handoff::default() }
            } else {
                Handoff { in_attempt: clone, ..Handoff::default() }
            }
        }
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
