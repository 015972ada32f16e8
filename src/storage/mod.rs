//! Where blueprints live in the browser: the core's [`Library`] over local storage, and the
//! autosave of the open blueprint.

pub mod autosave;

use std::cell::RefCell;

use stageline_core::library::{Library, Stamp, Store, StoreError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The Web Storage API with values that stay JS values (web-sys's takes and returns Rust
    /// strings, copying them across).
    #[wasm_bindgen(extends = web_sys::Storage)]
    type RawStorage;
    /// `Storage.setItem` with a string already on the JS side.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item_value(this: &RawStorage, key: &str, value: &JsValue) -> Result<(), JsValue>;
    /// `Storage.getItem`, left on the JS side (a string or null).
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_value(this: &RawStorage, key: &str) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The document text this tab last opened or wrote (key, the JS string, its stamp): while
    /// the storage still holds that very text, the next save's conflict check knows its stamp
    /// without copying it into the app and hashing it again. A stamp depends on the text
    /// alone, so whoever wrote it, an equal text has this stamp. One entry: the open document.
    static LAST_KNOWN: RefCell<Option<(String, JsValue, Stamp)>> = const { RefCell::new(None) };
}

/// Remembers that `key` held `text` (a JS string) with fingerprint `stamp`.
fn remember(key: &str, text: JsValue, stamp: &Stamp) {
    LAST_KNOWN.with(|last| *last.borrow_mut() = Some((key.to_string(), text, stamp.clone())));
}

/// The browser's local storage as the library's [`Store`].
pub struct LocalStore(Option<web_sys::Storage>);

impl LocalStore {
    /// This page's local storage (unavailable storage is reported on each use, not here).
    pub fn open() -> LocalStore {
        LocalStore(web_sys::window().and_then(|w| w.local_storage().ok().flatten()))
    }

    fn storage(&self) -> Result<&web_sys::Storage, StoreError> {
        self.0.as_ref().ok_or_else(|| {
            StoreError::Unavailable("the browser does not allow this page to store data".into())
        })
    }
}

/// Turns a thrown storage exception into a [`StoreError`], recognising a full storage.
fn store_error(err: wasm_bindgen::JsValue) -> StoreError {
    match err.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" || e.code() == 22 => StoreError::Full,
        Some(e) if e.name() == "SecurityError" => StoreError::Unavailable(e.message()),
        Some(e) => StoreError::Other(format!("{}: {}", e.name(), e.message())),
        None => StoreError::Other(format!("{err:?}")),
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.storage()?.get_item(key).map_err(store_error)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage()?.set_item(key, value).map_err(store_error)
    }

    fn stamp(&self, key: &str) -> Result<Option<Stamp>, StoreError> {
        let storage: &RawStorage = self.storage()?.unchecked_ref();
        let now = storage.get_item_value(key).map_err(store_error)?;
        if now.is_null() || now.is_undefined() {
            return Ok(None);
        }
        // Still the very text this tab last wrote there (compared in JS): its stamp is known.
        let known = LAST_KNOWN.with(|last| {
            last.borrow()
                .as_ref()
                .filter(|(k, text, _)| k == key && *text == now)
                .map(|(_, _, stamp)| stamp.clone())
        });
        Ok(known.or_else(|| now.as_string().map(|text| Stamp::of(&text))))
    }

    fn get_stamped(&self, key: &str) -> Result<Option<(String, Stamp)>, StoreError> {
        let storage: &RawStorage = self.storage()?.unchecked_ref();
        let value = storage.get_item_value(key).map_err(store_error)?;
        let Some(text) = value.as_string() else {
            return Ok(None);
        };
        let stamp = Stamp::of(&text);
        remember(key, value, &stamp);
        Ok(Some((text, stamp)))
    }

    fn replace_verified(
        &mut self,
        key: &str,
        value: &str,
        stamp: &Stamp,
    ) -> Result<bool, StoreError> {
        let storage: &RawStorage = self.storage()?.unchecked_ref();
        // The previous text stays on the JS side, to be put back if the write does not read
        // back; the new one crosses into JS once (as `set_item` would) and is compared there
        // with what the storage gives back, instead of copying a large blueprint into the app.
        let old = storage.get_item_value(key).map_err(store_error)?;
        let text = JsValue::from_str(value);
        storage.set_item_value(key, &text).map_err(store_error)?;
        let back = storage.get_item_value(key).map_err(store_error)?;
        if back == text {
            remember(key, text, stamp);
            return Ok(true);
        }
        if !old.is_null() && !old.is_undefined() {
            let _ = storage.set_item_value(key, &old);
        }
        Ok(false)
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.storage()?.remove_item(key).map_err(store_error)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let storage = self.storage()?;
        let n = storage.length().map_err(store_error)?;
        Ok((0..n)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect())
    }
}

/// The library in this browser.
pub fn library() -> Library<LocalStore> {
    Library::new(LocalStore::open())
}

/// The current time as a document timestamp.
pub fn now() -> stageline_schema::Timestamp {
    stageline_schema::Timestamp::from_unix_millis(js_sys::Date::now() as i64)
        .unwrap_or(stageline_schema::Timestamp::UNIX_EPOCH)
}

/// A size in UTF-16 code units as the bytes a person reads ("12 KB", "1.4 MB").
pub fn human_size(units: usize) -> String {
    let bytes = units as f64 * 2.0;
    if bytes < 1024.0 {
        format!("{bytes:.0} B")
    } else if bytes < 1024.0 * 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    }
}
