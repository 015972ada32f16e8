//! Work that can wait until the page is shown: the first frame of a large blueprint is painted
//! (and rastered) before it, so opening a blueprint is not held up by work nobody sees yet.

use std::time::Duration;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The longest the work waits for the browser to be idle.
const IDLE_TIMEOUT: Duration = Duration::from_millis(1000);

/// Where the browser has no idle callbacks (Safari): this long after the next frame.
const FALLBACK_DELAY: Duration = Duration::from_millis(120);

/// Runs `work` as soon as the next frame has been painted (a task queued from the frame's
/// animation callback runs after its paint): for what the first frame need not wait for but
/// the user expects at once.
pub fn after_next_frame(work: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(work, Duration::ZERO);
    });
}

/// Runs `work` after the next frame, once the browser is idle (or after [`IDLE_TIMEOUT`]).
pub fn after_first_paint(work: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let has_idle =
            js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
        if has_idle {
            let callback = Closure::once_into_js(work);
            let options = web_sys::IdleRequestOptions::new();
            options.set_timeout(IDLE_TIMEOUT.as_millis() as u32);
            // It only fails for a callback that is not a function, which this one is.
            let _ = window.request_idle_callback_with_options(callback.unchecked_ref(), &options);
        } else {
            leptos::prelude::set_timeout(work, FALLBACK_DELAY);
        }
    });
}
