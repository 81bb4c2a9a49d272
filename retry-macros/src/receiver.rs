//! A receiver that each attempt binds anew (`&mut self` in an `async fn`, `self`,
//! `Box<Self>`, `Pin<&mut Self>`, …): `self` cannot be re-bound, so the body's
//! `self` is renamed to the attempt's binding.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};

/// The name the body's `self` is renamed to.
pub(crate) fn renamed() -> Ident {
    Ident::new("__retry_self", Span::mixed_site())
}

/// Replaces every `self` that names the receiver. Left alone: `self::` paths, `use`
/// declarations (`use std::io::{self, Write};`), and `impl` and `trait` blocks
/// declared in the body, whose `self` is their own.
pub(crate) fn rename_self(tokens: TokenStream, to: &Ident) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
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
                let mut inner = Group::new(group.delimiter(), rename_self(group.stream(), to));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        };
        out.push(renamed);
        index += 1;
    }
    out.into_iter().collect()
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
