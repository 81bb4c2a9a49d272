//! Parsing the attribute's `key = value` list. Every mistake is recorded and
//! parsing goes on at the next `,`, so one compile reports all of them.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, ExprLit, Lit, Token, Type};

use crate::errors::Errors;

/// The keys the attribute accepts, in the order the docs list them.
pub(crate) const KEYS: &[&str] = &[
    "stop",
    "wait",
    "retry_on",
    "before",
    "before_sleep",
    "max_server_wait",
];

/// The parsed attribute. A key that was missing or malformed is `None`.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) stop: Option<Expr>,
    pub(crate) wait: Option<Expr>,
    pub(crate) retry_on: Option<Type>,
    pub(crate) before: Option<Expr>,
    pub(crate) before_sleep: Option<Expr>,
    pub(crate) max_server_wait: Option<Expr>,
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
        input.error(format!(
            "expected `key = value`, where the key is one of {}",
            key_list()
        ))
    })?;
    let name = key.to_string();
    if !input.peek(Token![=]) {
        return Err(missing_value(&key, &name));
    }
    input.parse::<Token![=]>()?;
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
        "retry_on" => args.retry_on = Some(input.parse::<Type>()?),
        _ => {
            let value = input.parse::<Expr>()?;
            check_not_string(&name, &value)?;
            let slot = match name.as_str() {
                "stop" => &mut args.stop,
                "wait" => &mut args.wait,
                "before" => &mut args.before,
                "before_sleep" => &mut args.before_sleep,
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
        format!(
            "expected `key = value`; `{name}` is not one of {}",
            key_list()
        )
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
    if let Expr::Lit(ExprLit {
        lit: Lit::Str(text),
        ..
    }) = value
    {
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

/// Which key a well-known strategy name belongs under.
fn strategy_home(name: &str) -> Option<&'static str> {
    match name {
        "attempts" | "elapsed" => Some("stop"),
        "fixed" | "exponential" | "none" => Some("wait"),
        _ => None,
    }
}

fn key_list() -> String {
    KEYS.iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn closest_key(name: &str) -> Option<&'static str> {
    KEYS.iter()
        .map(|key| (edit_distance(name, key), *key))
        .filter(|(distance, key)| *distance <= (key.len() / 3).max(1))
        .min()
        .map(|(_, key)| key)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
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
