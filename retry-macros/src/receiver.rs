//! A receiver that each attempt binds anew (`&mut self` in an `async fn`, `self`,
//! `Box<Self>`, `Pin<&mut Self>`, …): `self` cannot be re-bound, so the body's
//! `self` is renamed to the attempt's binding.

use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};

/// The name the body's `self` is renamed to. It resolves where the body is written
/// (call-site hygiene), so that a format string's `{self}`, renamed with it, finds
/// the attempt's binding as the body's own code does.
pub(crate) fn renamed() -> Ident {
    Ident::new("__retry_self", Span::call_site())
}

/// Replaces every `self` that names the receiver. Left alone: `self::` paths, `use`
/// declarations (`use std::io::{self, Write};`), and `impl` and `trait` blocks
/// declared in the body, whose `self` is their own.
pub(crate) fn rename_self(tokens: TokenStream, to: &Ident) -> TokenStream {
    rename_in(tokens, to, false)
}

/// [`rename_self`]; in a macro's arguments (`in_macro`), also the captures of the
/// first string literal, which for `format!`, `write!`, `println!`, `panic!` and
/// their kin is the format string.
fn rename_in(tokens: TokenStream, to: &Ident, in_macro: bool) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut format_string_seen = !in_macro;
    let mut index = 0;
    while index < trees.len() {
        if let Some(len) = own_self_item(&trees[index..]) {
            out.extend_from_slice(&trees[index..index + len]);
            index += len;
            continue;
        }
        let renamed = match &trees[index] {
            TokenTree::Ident(ident) if ident == "self" && !starts_path(&trees[index + 1..]) => {
                let mut renamed = to.clone();
                renamed.set_span(to.span().located_at(ident.span()));
                TokenTree::Ident(renamed)
            }
            TokenTree::Group(group) => {
                let invoked = index > 0
                    && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == '!');
                let mut inner =
                    Group::new(group.delimiter(), rename_in(group.stream(), to, invoked));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            TokenTree::Literal(literal) if !format_string_seen && is_string(literal) => {
                format_string_seen = true;
                rename_in_format_string(literal, to)
            }
            other => other.clone(),
        };
        out.push(renamed);
        index += 1;
    }
    out.into_iter().collect()
}

/// Whether `literal` is a string literal, raw or not.
fn is_string(literal: &Literal) -> bool {
    let text = literal.to_string();
    text.starts_with('"') || text.starts_with("r\"") || text.starts_with("r#")
}

/// A format string with its `{self}` and `{self:…}` captures renamed, since a
/// format string captures `self` by name; any other literal unchanged.
fn rename_in_format_string(literal: &Literal, to: &Ident) -> TokenTree {
    let unchanged = TokenTree::Literal(literal.clone());
    let Ok(text) = syn::parse2::<syn::LitStr>(TokenStream::from(unchanged.clone())) else {
        return unchanged;
    };
    let value = text.value();
    let mut renamed = String::with_capacity(value.len());
    let mut rest = value.as_str();
    let mut changed = false;
    while let Some(at) = rest.find('{') {
        renamed.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(escaped) = after.strip_prefix('{') {
            // `{{` is a literal brace, never a capture.
            renamed.push_str("{{");
            rest = escaped;
        } else if let Some(tail) =
            after.strip_prefix("self").filter(|tail| tail.starts_with('}') || tail.starts_with(':'))
        {
            renamed.push('{');
            renamed.push_str(&to.to_string());
            rest = tail;
            changed = true;
        } else {
            renamed.push('{');
            rest = after;
        }
    }
    renamed.push_str(rest);
    if !changed {
        return unchanged;
    }
    let mut literal = Literal::string(&renamed);
    literal.set_span(text.span());
    TokenTree::Literal(literal)
}

/// The number of tokens of a `use` declaration, or of an `impl` or `trait` block up
/// to its braces, starting at `trees[0]`.
fn own_self_item(trees: &[TokenTree]) -> Option<usize> {
    let is_punct = |tree: &TokenTree, c| matches!(tree, TokenTree::Punct(p) if p.as_char() == c);
    let is_braces = |tree: &TokenTree| matches!(tree, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace);
    let TokenTree::Ident(keyword) = &trees[0] else { return None };
    // `use<'a>` is a bound on an `impl Trait`, not a declaration.
    let end = if keyword == "use" && !trees.get(1).is_some_and(|next| is_punct(next, '<')) {
        trees.iter().position(|tree| is_punct(tree, ';'))
    } else if keyword == "impl" || keyword == "trait" {
        trees.iter().position(is_braces)
    } else {
        return None;
    };
    Some(end.map_or(trees.len(), |at| at + 1))
}

fn starts_path(rest: &[TokenTree]) -> bool {
    matches!(
        rest,
        [TokenTree::Punct(first), TokenTree::Punct(second), ..]
            if first.as_char() == ':' && second.as_char() == ':'
    )
}
