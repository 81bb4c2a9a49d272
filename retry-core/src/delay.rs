//! Conversion of user-written delays (seconds or [`Duration`]) into [`Duration`].

use std::time::Duration;

/// A length of time given as whole seconds, fractional seconds or a [`Duration`].
///
/// Every strategy that takes a time accepts this, so `fixed(2)`, `fixed(0.25)` and
/// `fixed(Duration::from_millis(250))` all work. Conversion never panics: negative
/// and NaN values become zero, and values too large for a [`Duration`] become
/// [`Duration::MAX`].
///
/// ```
/// use retry_core::IntoDelay;
/// use std::time::Duration;
///
/// assert_eq!(3.into_delay(), Duration::from_secs(3));
/// assert_eq!(0.5.into_delay(), Duration::from_millis(500));
/// assert_eq!((-1).into_delay(), Duration::ZERO);
/// assert_eq!(f64::INFINITY.into_delay(), Duration::MAX);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a length of time",
    label = "expected seconds or a `Duration`",
    note = "write whole or fractional seconds (`5`, `0.5`) or a `std::time::Duration`; a strategy such as `clamp(60)` needs its parentheses"
)]
pub trait IntoDelay {
    /// Converts the value into a non-negative [`Duration`].
    fn into_delay(self) -> Duration;
}

impl IntoDelay for Duration {
    #[inline]
    fn into_delay(self) -> Duration {
        self
    }
}

impl IntoDelay for f64 {
    #[inline]
    fn into_delay(self) -> Duration {
        secs_f64(self)
    }
}

impl IntoDelay for f32 {
    #[inline]
    fn into_delay(self) -> Duration {
        secs_f64(f64::from(self))
    }
}

macro_rules! unsigned_seconds {
    ($($t:ty),*) => {$(
        impl IntoDelay for $t {
            #[inline]
            fn into_delay(self) -> Duration {
                Duration::from_secs(u64::try_from(self).unwrap_or(u64::MAX))
            }
        }
    )*};
}

macro_rules! signed_seconds {
    ($($t:ty),*) => {$(
        impl IntoDelay for $t {
            #[inline]
            fn into_delay(self) -> Duration {
                Duration::from_secs(u64::try_from(self.max(0)).unwrap_or(u64::MAX))
            }
        }
    )*};
}

unsigned_seconds!(u8, u16, u32, u64, u128, usize);
signed_seconds!(i8, i16, i32, i64, i128, isize);

/// Seconds as `f64` to a [`Duration`], saturating instead of panicking.
#[inline]
pub(crate) fn secs_f64(secs: f64) -> Duration {
    if secs.is_nan() || secs <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_whole_seconds() {
        assert_eq!(4u8.into_delay(), Duration::from_secs(4));
        assert_eq!(10i64.into_delay(), Duration::from_secs(10));
        assert_eq!(u128::MAX.into_delay(), Duration::from_secs(u64::MAX));
    }

    #[test]
    fn negative_integers_are_zero() {
        assert_eq!(i64::MIN.into_delay(), Duration::ZERO);
    }

    #[test]
    fn floats_keep_fractions_and_saturate() {
        assert_eq!(1.5f32.into_delay(), Duration::from_millis(1500));
        assert_eq!(f64::NAN.into_delay(), Duration::ZERO);
        assert_eq!((-0.5).into_delay(), Duration::ZERO);
        assert_eq!(1e300.into_delay(), Duration::MAX);
    }
}
