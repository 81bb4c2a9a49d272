//! Parsing the attribute's `key = value` list. Every mistake is recorded and
//! parsing goes on at the next `,`, so one compile reports all of them.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, ExprLit, Lit, Token, Type};

use crate::errors::Errors;

/// The keys the attribute accepts, in the order the docs list them.
pub(crate) const KEYS: &[&str] = &[
    "stop",
    "wait",
    "retry_on",
    "retry_if",
    "before",
    "after",
    "before_sleep",
    "on_success",
    "on_give_up",
    "fallback",
    "max_server_wait",
    "timeout",
    "deadline",
    "wrap_errors",
    "crate",
];

/// The parsed attribute. A key that was missing or malformed is `None`.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) stop: Option<Expr>,
    pub(crate) wait: Option<Expr>,
    pub(crate) retry_on: Option<Type>,
    pub(crate) retry_if: Option<Expr>,
    pub(crate) before: Option<Expr>,
    pub(crate) after: Option<Expr>,
    pub(crate) before_sleep: Option<Expr>,
    pub(crate) on_success: Option<Expr>,
    pub(crate) on_give_up: Option<Expr>,
    pub(crate) fallback: Option<Expr>,
    pub(crate) max_server_wait: Option<Expr>,
    /// The per-attempt timeout.
    pub(crate) timeout: Option<Expr>,
    /// The deadline of the whole call.
    pub(crate) deadline: Option<Expr>,
    /// `wrap_errors = true`: errors come back as `RetryError<E>`.
    pub(crate) wrap_errors: bool,
    /// Where `wrap_errors = true` says `true`.
    pub(crate) wrap_errors_at: Option<Span>,
    /// The path the expansion names the runtime crate by, for crates that re-export it.
    pub(crate) krate: Option<syn::Path>,
}

impl Args {
    /// The keys given as expressions, with their names.
    pub(crate) fn expressions(&self) -> impl Iterator<Item = (&'static str, &Expr)> {
        [
            ("stop", &self.stop),
            ("wait", &self.wait),
            ("retry_if", &self.retry_if),
            ("before", &self.before),
            ("after", &self.after),
            ("before_sleep", &self.before_sleep),
            ("on_success", &self.on_success),
            ("on_give_up", &self.on_give_up),
            ("fallback", &self.fallback),
            ("max_server_wait", &self.max_server_wait),
            ("timeout", &self.timeout),
            ("deadline", &self.deadline),
        ]
        .into_iter()
        .filter_map(|(key, value)| Some((key, value.as_ref()?)))
    }
}

pub(crate) fn parse(tokens: TokenStream, errors: &mut Errors) -> Args {
    let mut args = Args::default();
    let parser = |input: ParseStream<'_>| {
        parse_list(input, &mut args, errors);
        Ok(())
    };
    if let Err(error) = parser.parse2(tokens) {
        errors.push(error);
    }
    if let (Some(_), Some(condition)) = (&args.retry_on, &args.retry_if) {
        errors.push(syn::Error::new_spanned(
            condition,
            "`retry_if` replaces `retry_on`; give one, or combine them: \
             `retry_if = retry_on::<E>() | …`",
        ));
        args.retry_on = None;
    }
    args
}

fn parse_list(input: ParseStream<'_>, args: &mut Args, errors: &mut Errors) {
    let mut seen: Vec<String> = Vec::new();
    while !input.is_empty() {
        if let Err(error) = parse_entry(input, args, &mut seen, errors) {
            errors.push(error);
            skip_past_comma(input);
            continue;
        }
        if input.is_empty() {
            break;
        }
        if input.peek(Token![,]) {
            let _ = input.parse::<Token![,]>();
        } else {
            errors.push(input.error("expected `,` between `key = value` entries"));
            skip_past_comma(input);
        }
    }
}

fn parse_entry(
    input: ParseStream<'_>,
    args: &mut Args,
    seen: &mut Vec<String>,
    errors: &mut Errors,
) -> syn::Result<()> {
    let key = input.call(Ident::parse_any).map_err(|_| {
        input.error(format!("expected `key = value`, where the key is one of {}", key_list()))
    })?;
    let name = key.unraw().to_string();
    if !input.peek(Token![=]) {
        return Err(missing_value(&key, &name));
    }
    input.parse::<Token![=]>()?;
    if input.is_empty() || input.peek(Token![,]) {
        return Err(missing_value(&key, &name));
    }
    if !KEYS.contains(&name.as_str()) {
        // Parse the value anyway so the next entry is read from the right place.
        let _ = input.parse::<Expr>();
        return Err(unknown_key(&key, &name));
    }
    if seen.contains(&name) {
        errors.push(syn::Error::new(
            key.span(),
            format!("duplicate key `{name}`; each key may appear once"),
        ));
    }
    seen.push(name.clone());

    match name.as_str() {
        "wrap_errors" => match input.parse::<Expr>()? {
            Expr::Lit(ExprLit { lit: Lit::Bool(flag), .. }) => {
                args.wrap_errors = flag.value;
                args.wrap_errors_at = flag.value.then_some(flag.span);
            }
            other => {
                return Err(syn::Error::new_spanned(
                    other,
                    "`wrap_errors` takes `true` or `false`",
                ));
            }
        },
        "crate" => {
            if input.peek(syn::LitStr) {
                let text: syn::LitStr = input.parse()?;
                return Err(syn::Error::new(
                    text.span(),
                    format!(
                        "`crate` takes a path, not a string; remove the quotes: `crate = {}`",
                        text.value()
                    ),
                ));
            }
            args.krate = Some(input.call(syn::Path::parse_mod_style)?);
        }
        "retry_on" => {
            if input.peek(syn::LitStr) {
                let text: syn::LitStr = input.parse()?;
                return Err(syn::Error::new(
                    text.span(),
                    format!(
                        "`retry_on` takes an error type, not a string; remove the quotes: `retry_on = {}`",
                        text.value()
                    ),
                ));
            }
            let error_type = input.parse::<Type>()?;
            if input.peek(Token![|]) {
                let bar = input.parse::<Token![|]>()?;
                let other = input.parse::<Type>().ok();
                let other = other.map_or("B".to_string(), |ty| type_text(&ty));
                let first = type_text(&error_type);
                return Err(syn::Error::new(
                    bar.span,
                    format!(
                        "`retry_on` takes one error type; for several, write \
                         `retry_if = retry_on::<{first}>() | retry_on::<{other}>()`"
                    ),
                ));
            }
            args.retry_on = Some(error_type);
        }
        _ => {
            let value = input.parse::<Expr>()?;
            check_not_string(&name, &value)?;
            check_not_number(&name, &value)?;
            check_strategy_home(&name, &value)?;
            let slot = match name.as_str() {
                "stop" => &mut args.stop,
                "wait" => &mut args.wait,
                "retry_if" => &mut args.retry_if,
                "before" => &mut args.before,
                "after" => &mut args.after,
                "before_sleep" => &mut args.before_sleep,
                "on_success" => &mut args.on_success,
                "on_give_up" => &mut args.on_give_up,
                "fallback" => &mut args.fallback,
                "timeout" => &mut args.timeout,
                "deadline" => &mut args.deadline,
                _ => &mut args.max_server_wait,
            };
            *slot = Some(value);
        }
    }
    Ok(())
}

fn missing_value(key: &Ident, name: &str) -> syn::Error {
    let message = if KEYS.contains(&name) {
        format!("`{name}` needs a value; write `{name} = …`")
    } else if let Some(home) = strategy_home(name) {
        format!("`{name}` is a {home} strategy, not a key; write `{home} = {name}(…)`")
    } else {
        format!("expected `key = value`; `{name}` is not one of {}", key_list())
    };
    syn::Error::new(key.span(), message)
}

fn unknown_key(key: &Ident, name: &str) -> syn::Error {
    let mut message = format!("unknown key `{name}`; expected one of {}", key_list());
    if let Some(close) = closest_key(name) {
        message = format!("unknown key `{name}`; did you mean `{close}`?");
    }
    syn::Error::new(key.span(), message)
}

fn check_not_string(name: &str, value: &Expr) -> syn::Result<()> {
    if let Expr::Lit(ExprLit { lit: Lit::Str(text), .. }) = value {
        return Err(syn::Error::new(
            text.span(),
            format!(
                "`{name}` takes a Rust expression, not a string; remove the quotes: `{name} = {}`",
                text.value()
            ),
        ));
    }
    Ok(())
}

/// `wait = 5`: a bare number where a strategy belongs, with the strategy it most
/// likely means.
fn check_not_number(name: &str, value: &Expr) -> syn::Result<()> {
    let Expr::Lit(ExprLit { lit: lit @ (Lit::Int(_) | Lit::Float(_)), .. }) = value else {
        return Ok(());
    };
    let number = lit.to_token_stream();
    let remedy = match name {
        "stop" if matches!(lit, Lit::Int(_)) => {
            format!("write `stop = attempts({number})` or `stop = elapsed({number})`")
        }
        "stop" => format!("write `stop = elapsed({number})`"),
        "wait" => format!("write `wait = fixed({number})`"),
        "before" | "after" | "before_sleep" | "on_success" | "on_give_up" => {
            return Err(syn::Error::new(
                lit.span(),
                format!("`{name}` takes a hook, not a number; write a closure `|state| …`"),
            ));
        }
        "fallback" => {
            return Err(syn::Error::new(
                lit.span(),
                "`fallback` takes a closure `|last, state| …` returning what the function \
                 returns, not a number",
            ));
        }
        _ => return Ok(()),
    };
    Err(syn::Error::new(
        lit.span(),
        format!("`{name}` takes a {name} strategy, not a number; {remedy}"),
    ))
}

/// `stop = fixed(1)`: a well-known strategy under the other key.
fn check_strategy_home(name: &str, value: &Expr) -> syn::Result<()> {
    let Expr::Call(call) = value else {
        return Ok(());
    };
    let Expr::Path(path) = &*call.func else {
        return Ok(());
    };
    let Some(function) = path.path.get_ident() else {
        return Ok(());
    };
    let Some(home) = strategy_home(&function.to_string()) else {
        return Ok(());
    };
    let kind = match name {
        "stop" | "wait" if home != name => format!("not a {name} one"),
        "retry_if" => "not a retry condition".to_string(),
        "before" | "after" | "before_sleep" | "on_success" | "on_give_up" => {
            "not a hook".to_string()
        }
        _ => return Ok(()),
    };
    Err(syn::Error::new(
        function.span(),
        format!("`{function}` is a {home} strategy, {kind}; write `{home} = {function}(…)`"),
    ))
}

/// Which key a well-known strategy name belongs under.
fn strategy_home(name: &str) -> Option<&'static str> {
    match name {
        "attempts" | "elapsed" | "never" | "before_elapsed" => Some("stop"),
        "fixed"
        | "exponential"
        | "none"
        | "incrementing"
        | "random"
        | "random_exponential"
        | "exponential_jitter"
        | "equal_jitter"
        | "decorrelated_jitter"
        | "chain" => Some("wait"),
        _ => None,
    }
}

/// A type as written, without the spaces token printing puts around `::` and `<>`.
fn type_text(ty: &Type) -> String {
    let text = ty.to_token_stream().to_string();
    [(" :: ", "::"), (":: ", "::"), (" < ", "<"), ("< ", "<"), (" >", ">")]
        .into_iter()
        .fold(text, |text, (spaced, tight)| text.replace(spaced, tight))
}

fn key_list() -> String {
    KEYS.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ")
}

fn closest_key(name: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|key| (edit_distance(name, key), *key))
        .filter(|(distance, key)| *distance <= (key.len() / 3).max(1))
        .min()
        .map(|(_, key)| key)
}

/// Edits (insertions, deletions, substitutions and swaps of neighbours) that turn
/// `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in table.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in table[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = table[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(table[i - 1][j] + 1).min(table[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[i - 2][j - 2] + 1);
            }
            table[i][j] = best;
        }
    }
    table[a.len()][b.len()]
}

fn skip_past_comma(input: ParseStream<'_>) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
        }
        Ok(((), rest))
    });
}

/// The span for errors about the attribute as a whole.
pub(crate) fn whole() -> Span {
    Span::call_site()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_identifier_names_the_same_key() {
        let mut errors = Errors::default();

        let args = parse(quote::quote!(r#stop = attempts(3), r#wait = none()), &mut errors);

        assert!(errors.is_empty());
        assert!(args.stop.is_some() && args.wait.is_some());
    }

    #[test]
    fn swapped_letters_count_as_one_edit() {
        assert_eq!(edit_distance("stpo", "stop"), 1);
        assert_eq!(closest_key("wiat"), Some("wait"));
        assert_eq!(closest_key("retry_no"), Some("retry_on"));
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(closest_key("backoff"), None);
    }
}
