//! The connection to the workshop server: one WebSocket, binary messages, reconnected with
//! backoff whenever it drops, and closed while the browser says it is offline (so "offline"
//! means the same thing to the user, to the engine and to a test that takes the network away).
//!
//! It knows nothing of the protocol: it hands each message to its `on_message` and says when
//! it opens and closes; the engine decides what to send.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, MessageEvent, WebSocket};

/// How the connection is, as the user is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Opening the connection for the first time.
    Connecting,
    /// Open.
    Open,
    /// Lost; trying again in this many seconds.
    Retrying(u32),
    /// The browser is offline; trying again when it is back.
    Offline,
}

/// What the socket tells its owner.
pub struct Handlers {
    /// The connection opened (first time or again).
    pub opened: Box<dyn Fn()>,
    /// A binary message arrived.
    pub message: Box<dyn Fn(Vec<u8>)>,
    /// The connection's state changed.
    pub link: Box<dyn Fn(Link)>,
}

/// A WebSocket to one room that keeps itself connected.
#[derive(Clone)]
pub struct Socket {
    inner: Rc<RefCell<Inner>>,
    handlers: Rc<Handlers>,
}

struct Inner {
    url: String,
    ws: Option<WebSocket>,
    /// The closures the current WebSocket calls (kept alive as long as it is).
    callbacks: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    failures: u32,
    retry: Option<TimeoutHandle>,
    stopped: bool,
}

/// The longest wait between two attempts.
const MAX_BACKOFF_MS: f64 = 10_000.0;

impl Socket {
    /// Connects to `url` and keeps connected until [`Socket::stop`].
    pub fn connect(url: String, handlers: Handlers) -> Socket {
        let socket = Socket {
            inner: Rc::new(RefCell::new(Inner {
                url,
                ws: None,
                callbacks: Vec::new(),
                failures: 0,
                retry: None,
                stopped: false,
            })),
            handlers: Rc::new(handlers),
        };
        (socket.handlers.link)(Link::Connecting);
        socket.open();
        socket.watch_network();
        socket
    }

    /// Sends one binary message if the connection is open (what is not sent is sent on the
    /// next open by the protocol's exchange of state, so nothing is queued here).
    pub fn send(&self, bytes: &[u8]) -> bool {
        let inner = self.inner.borrow();
        match &inner.ws {
            Some(ws) if ws.ready_state() == WebSocket::OPEN => ws.send_with_u8_array(bytes).is_ok(),
            _ => false,
        }
    }

    /// Closes for good (leaving the workshop, the editor going away).
    pub fn stop(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.stopped = true;
        if let Some(handle) = inner.retry.take() {
            handle.clear();
        }
        if let Some(ws) = inner.ws.take() {
            detach(&ws);
            let _ = ws.close();
        }
        inner.callbacks.clear();
    }

    fn open(&self) {
        let url = {
            let mut inner = self.inner.borrow_mut();
            if inner.stopped || inner.ws.is_some() {
                return;
            }
            inner.retry = None;
            inner.url.clone()
        };
        if !online() {
            (self.handlers.link)(Link::Offline);
            return;
        }
        let ws = match WebSocket::new(&url) {
            Ok(ws) => ws,
            Err(_) => {
                self.dropped();
                return;
            }
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let on_open = {
            let socket = self.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                socket.inner.borrow_mut().failures = 0;
                (socket.handlers.link)(Link::Open);
                (socket.handlers.opened)();
            })
        };
        let on_message = {
            let socket = self.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                let Some(ev) = ev.dyn_ref::<MessageEvent>() else {
                    return;
                };
                // Text frames are not part of the protocol: ignored.
                if let Ok(buffer) = ev.data().dyn_into::<js_sys::ArrayBuffer>() {
                    (socket.handlers.message)(js_sys::Uint8Array::new(&buffer).to_vec());
                }
            })
        };
        let on_close = {
            let socket = self.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| socket.dropped())
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.callbacks = vec![on_open, on_message, on_close];
        inner.ws = Some(ws);
    }

    /// The connection closed or could not open: try again after a backoff.
    fn dropped(&self) {
        let delay = {
            let mut inner = self.inner.borrow_mut();
            if let Some(ws) = inner.ws.take() {
                detach(&ws);
            }
            if inner.stopped {
                return;
            }
            inner.failures = inner.failures.saturating_add(1);
            let exp = 2f64.powi(inner.failures.min(6) as i32 - 1);
            // Jitter spreads a room's reconnections after the server restarts.
            (500.0 * exp * (0.75 + js_sys::Math::random() * 0.5)).min(MAX_BACKOFF_MS)
        };
        if !online() {
            (self.handlers.link)(Link::Offline);
            return;
        }
        (self.handlers.link)(Link::Retrying((delay / 1000.0).ceil() as u32));
        let socket = self.clone();
        let handle = set_timeout_with_handle(
            move || socket.open(),
            std::time::Duration::from_millis(delay as u64),
        )
        .ok();
        self.inner.borrow_mut().retry = handle;
    }

    /// Closes while the browser is offline and reconnects at once when it is back.
    fn watch_network(&self) {
        let offline = {
            let socket = self.clone();
            window_event_listener_untyped("offline", move |_| {
                let ws = socket.inner.borrow_mut().ws.take();
                if let Some(ws) = ws {
                    detach(&ws);
                    let _ = ws.close();
                }
                (socket.handlers.link)(Link::Offline);
            })
        };
        let online = {
            let socket = self.clone();
            window_event_listener_untyped("online", move |_| {
                if let Some(handle) = socket.inner.borrow_mut().retry.take() {
                    handle.clear();
                }
                socket.inner.borrow_mut().failures = 0;
                (socket.handlers.link)(Link::Connecting);
                socket.open();
            })
        };
        on_cleanup(move || {
            offline.remove();
            online.remove();
        });
    }
}

/// Unhooks a WebSocket's handlers so a closed one calls nothing more.
fn detach(ws: &WebSocket) {
    ws.set_onopen(None);
    ws.set_onmessage(None);
    ws.set_onclose(None);
}

/// Whether the browser believes it is online.
fn online() -> bool {
    window().navigator().on_line()
}
