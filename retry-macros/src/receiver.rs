//! `&mut self` in a retried `async fn`: `self` cannot be re-bound, so the body's
//! `self` is renamed to a binding that each attempt re-borrows.

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};

/// The name the body's `self` is renamed to.
pub(crate) fn renamed() -> Ident {
    Ident::new("__retry_self", Span::mixed_site())
}

/// Replaces every `self` that names the receiver, leaving `self::` module paths.
// Limit: a nested `impl` or `fn` item inside the body has its own `self`, which is
// renamed too; telling them apart needs a full walk of the body's items.
pub(crate) fn rename_self(tokens: TokenStream, to: &Ident) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    for (index, tree) in trees.iter().enumerate() {
        let renamed = match tree {
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
    }
    out.into_iter().collect()
}

fn starts_path(rest: &[TokenTree]) -> bool {
    matches!(
        rest,
        [TokenTree::Punct(first), TokenTree::Punct(second), ..]
            if first.as_char() == ':' && second.as_char() == ':'
    )
}
