//! Time as the host tells it. The kernel counts uptime from the host's monotonic clock,
//! rebasing after a restore so uptime continues where the snapshot left it.

use serde::{Deserialize, Serialize};

/// The kernel's view of time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// Nanoseconds since boot.
    pub uptime_ns: u64,
    /// Wall-clock nanoseconds since the epoch.
    pub real_ns: u64,
    /// Host monotonic time at uptime 0 (re-learnt after a restore).
    #[serde(skip)]
    host_base: Option<u64>,
}

impl Clock {
    /// Take the host's clocks.
    pub fn set(&mut self, host_mono: u64, real: u64) {
        let base = *self
            .host_base
            .get_or_insert(host_mono.saturating_sub(self.uptime_ns));
        self.uptime_ns = self.uptime_ns.max(host_mono.saturating_sub(base));
        if real > 0 {
            self.real_ns = real;
        }
    }

    /// The host monotonic time at which uptime reaches `uptime_ns`.
    pub fn host_time_of(&self, uptime_ns: u64) -> u64 {
        self.host_base.unwrap_or(0).saturating_add(uptime_ns)
    }
}
