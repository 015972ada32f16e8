//! Where blueprints live in the browser: the core's [`Library`] over local storage, and the
//! autosave of the open blueprint.

pub mod autosave;
pub mod versions;

use stageline_core::library::{Library, Memory, RawStorage, RememberingStore, StoreError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The Web Storage API with values that stay JS values (web-sys's takes and returns Rust
    /// strings, copying them across).
    #[wasm_bindgen(extends = web_sys::Storage)]
    type JsStorage;
    /// `Storage.setItem` with a string already on the JS side.
    #[wasm_bindgen(method, catch, js_name = setItem)]
    fn set_item_value(this: &JsStorage, key: &str, value: &JsValue) -> Result<(), JsValue>;
    /// `Storage.getItem`, left on the JS side (a string or null).
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_value(this: &JsStorage, key: &str) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// The document text this tab last opened or wrote, as a JS string, and its stamp; shared
    /// by every [`LocalStore`] this tab opens (one per library operation).
    static MEMORY: Memory<JsValue> = Memory::default();
}

/// The browser's local storage as a [`RawStorage`]: texts stay JS strings, compared in JS,
/// and cross into the app only when read.
pub struct BrowserStorage(Option<web_sys::Storage>);

impl BrowserStorage {
    /// This page's local storage (unavailable storage is reported on each use, not here).
    pub fn open() -> BrowserStorage {
        BrowserStorage(web_sys::window().and_then(|w| w.local_storage().ok().flatten()))
    }

    fn storage(&self) -> Result<&web_sys::Storage, StoreError> {
        self.0.as_ref().ok_or_else(|| {
            StoreError::Unavailable("the browser does not allow this page to store data".into())
        })
    }

    fn js(&self) -> Result<&JsStorage, StoreError> {
        Ok(self.storage()?.unchecked_ref())
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

impl RawStorage for BrowserStorage {
    type Text = JsValue;

    fn get(&self, key: &str) -> Result<Option<JsValue>, StoreError> {
        let value = self.js()?.get_item_value(key).map_err(store_error)?;
        Ok((!value.is_null() && !value.is_undefined()).then_some(value))
    }

    fn set(&mut self, key: &str, text: &JsValue) -> Result<(), StoreError> {
        self.js()?.set_item_value(key, text).map_err(store_error)
    }

    fn text(&self, value: &str) -> JsValue {
        JsValue::from_str(value)
    }

    fn read(&self, text: &JsValue) -> Option<String> {
        text.as_string()
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

/// The browser's local storage as the library's store: the core's [`RememberingStore`], so a
/// save copies no stored document into the app.
pub type LocalStore = RememberingStore<BrowserStorage>;

/// Opens this page's local storage as a [`LocalStore`], remembering across opens.
fn open_local_store() -> LocalStore {
    RememberingStore::with_memory(BrowserStorage::open(), MEMORY.with(Memory::clone))
}

/// The library in this browser.
pub fn library() -> Library<LocalStore> {
    Library::new(open_local_store())
}

/// The current time as a document timestamp.
pub fn now() -> stageline_schema::Timestamp {
    stageline_schema::Timestamp::from_unix_millis(js_sys::Date::now() as i64)
        .unwrap_or(stageline_schema::Timestamp::UNIX_EPOCH)
}

/// A timestamp in the reader's own locale and time zone.
pub fn local_time(t: stageline_schema::Timestamp) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.unix_millis() as f64))
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
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
