//! The plain numbers of HTTP field values, read without trusting them: spaces and
//! tabs around them ignored, digits only, too many digits saturating instead of
//! overflowing.

/// `value` without the spaces and tabs around it.
pub(super) fn trim_spaces(mut value: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = value {
        value = rest;
    }
    value
}

/// A non-empty run of ASCII digits as a number; too many digits for a `u64` give
/// `u64::MAX`.
pub(super) fn whole_number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let exact = digits.iter().try_fold(0_u64, |number, &digit| {
        number.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
    });
    Some(exact.unwrap_or(u64::MAX))
}
