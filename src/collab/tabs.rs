//! The other tabs of this browser with the same blueprint open: a `BroadcastChannel` per
//! blueprint carrying the same sync messages as the workshop server, so two tabs merge their
//! edits through the engine instead of asking which version to keep.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel to the other tabs of one blueprint.
pub struct Tabs {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Tabs {
    /// Opens the channel named after the blueprint; `on_message` gets each message another
    /// tab posts. `None` where the browser has no `BroadcastChannel` (the tabs then fall back
    /// to the autosave's conflict question).
    pub fn open(name: &str, on_message: impl Fn(Vec<u8>) + 'static) -> Option<Rc<Tabs>> {
        let channel = BroadcastChannel::new(name).ok()?;
        let callback = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Ok(bytes) = ev.data().dyn_into::<js_sys::Uint8Array>() {
                on_message(bytes.to_vec());
            }
        });
        channel.set_onmessage(Some(callback.as_ref().unchecked_ref()));
        let tabs = Rc::new(Tabs {
            channel,
            _on_message: callback,
        });
        Some(tabs)
    }

    /// Posts one message to every other tab on the channel.
    pub fn post(&self, bytes: &[u8]) {
        let _ = self
            .channel
            .post_message(&js_sys::Uint8Array::from(bytes).into());
    }

    /// Closes the channel.
    pub fn close(&self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// The channel's name for a blueprint.
pub fn channel_name(id: &stageline_schema::BlueprintId) -> String {
    format!("stageline:v1:live:{id}")
}
