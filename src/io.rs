//! Files in and out: download and copy JSON, and import from a file, a drop or a paste.
//!
//! Every import goes through the library's load (the schema crate's one load path). Invalid
//! input is reported with what is wrong and where, and changes nothing. An import never
//! replaces a stored blueprint: a new ID is stored as a new blueprint, and a known ID asks
//! first (see [`Incoming`]).

use leptos::prelude::*;
use stageline_core::library::{title_or_untitled, Entry};
use stageline_schema::Blueprint;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::route::{self, Route};
use crate::state::ids::BrowserIds;
use crate::storage::{library, now};

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_err)?;
    download_blob(name, &blob)
}

/// Copies `text` to the clipboard; `done` receives the outcome in words.
pub fn copy_text(text: String, done: impl FnOnce(Result<(), String>) + 'static) {
    let clipboard = window().navigator().clipboard();
    let promise = clipboard.write_text(&text);
    leptos::task::spawn_local(async move {
        let result = JsFuture::from(promise).await.map(|_| ()).map_err(|e| {
            e.dyn_ref::<web_sys::DomException>()
                .map_or_else(|| format!("{e:?}"), |e| e.message())
        });
        done(result);
    });
}

/// Reads a picked or dropped file as text.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text())
        .await
        .map_err(|e| format!("the file could not be read ({e:?})"))?
        .as_string()
        .ok_or_else(|| "the file could not be read as text".to_string())
}

/// An import waiting for the user: its ID is already in the library.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Where it came from, for messages ("hotel.json", "the clipboard").
    pub source: String,
    /// The loaded document.
    pub blueprint: Blueprint,
    /// The stored blueprint with the same ID.
    pub existing: Entry,
    /// What the load path repaired, in words.
    pub repairs: Vec<String>,
}

/// What the import dialog shows.
#[derive(Debug, Clone)]
pub enum ImportState {
    /// The input could not be loaded; nothing changed.
    Failed {
        /// Where it came from.
        source: String,
        /// What is wrong and where.
        reason: String,
    },
    /// The blueprint's ID is stored already: ask.
    Ask(Box<Incoming>),
}

/// The import dialog's state, shared by the views that import (home and editor).
#[derive(Clone, Copy)]
pub struct Importer {
    /// What the dialog shows, if anything.
    pub state: RwSignal<Option<ImportState>>,
    /// A message carried to the next view (shown once in its status line).
    pub flash: RwSignal<Option<String>>,
    /// What the load path repaired in the blueprint the last import opened, each in words,
    /// for the editor to list where it can be read in full and dismissed.
    pub repairs: RwSignal<Vec<String>>,
}

impl Importer {
    /// Creates the importer and provides it as context.
    pub fn provide() -> Importer {
        let importer = Importer {
            state: RwSignal::new(None),
            flash: RwSignal::new(None),
            repairs: RwSignal::new(Vec::new()),
        };
        provide_context(importer);
        importer
    }

    /// Imports `text` from `source`: opens it as a new blueprint, or asks when its ID is
    /// stored already, or says what is wrong. Nothing stored changes until it succeeds.
    pub fn import_text(&self, source: &str, text: &str) {
        crate::perf::measure("stageline:import", || self.import_now(source, text));
    }

    fn import_now(&self, source: &str, text: &str) {
        let mut lib = library();
        let loaded = match lib.load(text) {
            Ok(loaded) => loaded,
            Err(err) => {
                self.state.set(Some(ImportState::Failed {
                    source: source.to_string(),
                    reason: err.to_string(),
                }));
                return;
            }
        };
        let doc = loaded.blueprint;
        let repairs = loaded.warnings.iter().map(in_words).collect::<Vec<_>>();
        let existing = lib.list().ok().and_then(|l| {
            l.active
                .into_iter()
                .chain(l.trashed)
                .find(|e| e.id == doc.id)
        });
        let stored = lib.contains(&doc.id).unwrap_or(true);
        match existing {
            Some(existing) => self.state.set(Some(ImportState::Ask(Box::new(Incoming {
                source: source.to_string(),
                blueprint: doc,
                existing,
                repairs,
            })))),
            None if stored => self.save_copy(source, &doc, repairs),
            None => match lib.save(&doc, None) {
                Ok(_) => self.opened(source, &doc, repairs),
                Err(err) => self.fail(source, err.to_string()),
            },
        }
    }

    /// Stores an incoming blueprint under a new ID and opens it.
    /// `repairs` are what the load path repaired, in words.
    pub fn save_copy(&self, source: &str, doc: &Blueprint, repairs: Vec<String>) {
        let title = format!("{} (imported)", title_or_untitled(doc));
        match library().save_as_copy(doc, &mut BrowserIds::new(), now(), Some(title)) {
            Ok((copy, _)) => self.opened(source, &copy, repairs),
            Err(err) => self.fail(source, err.to_string()),
        }
    }

    fn opened(&self, source: &str, doc: &Blueprint, repairs: Vec<String>) {
        self.state.set(None);
        self.flash.set(Some(format!(
            "Imported “{}” from {source}",
            title_or_untitled(doc)
        )));
        self.repairs.set(repairs);
        route::go(&Route::Blueprint(doc.id.clone()));
    }

    fn fail(&self, source: &str, reason: String) {
        self.state.set(Some(ImportState::Failed {
            source: source.to_string(),
            reason: format!("it could not be stored: {reason}"),
        }));
    }

    /// Imports the first file of a list (a file picker or a drop).
    pub fn import_files(&self, files: Option<web_sys::FileList>) {
        let Some(file) = files.and_then(|f| f.get(0)) else {
            return;
        };
        let importer = *self;
        let name = file.name();
        leptos::task::spawn_local(async move {
            match read_file(file).await {
                Ok(text) => importer.import_text(&name, &text),
                Err(reason) => importer.state.set(Some(ImportState::Failed {
                    source: name,
                    reason,
                })),
            }
        });
    }
}

/// The importer, from context.
pub fn use_importer() -> Importer {
    expect_context::<Importer>()
}

/// What the load path repaired, in words a user understands, naming where.
pub fn in_words(warning: &stageline_schema::Warning) -> String {
    warning.sentence().to_string()
}

/// `text` with one final full stop, whether or not it ended with one.
pub fn sentence(text: &str) -> String {
    format!("{}.", text.trim().trim_end_matches('.'))
}

/// What a paste outside a text field does: the text of a JSON object or array goes through
/// the load path (which says what is wrong with one that is not a blueprint); anything else is
/// answered too, never ignored.
pub fn import_paste(importer: &Importer, text: &str) {
    const SOURCE: &str = "the pasted text";
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        importer.import_text(SOURCE, text);
        return;
    }
    let reason = if trimmed.is_empty() {
        "the clipboard holds no text (copy the contents of a Stageline .json file, then paste)"
    } else {
        "it is not JSON (copy the whole contents of a Stageline .json file, then paste)"
    };
    importer.state.set(Some(ImportState::Failed {
        source: SOURCE.to_string(),
        reason: reason.to_string(),
    }));
}

/// Takes what the last import repaired, if it has not been shown yet.
pub fn take_repairs() -> Vec<String> {
    use_context::<Importer>()
        .and_then(|i| i.repairs.try_update(std::mem::take))
        .unwrap_or_default()
}

/// Takes the message left for the view being opened, if any.
pub fn take_flash() -> Option<String> {
    use_context::<Importer>().and_then(|i| i.flash.try_update(Option::take).flatten())
}

/// Whether a key or paste event targets a text field (where the browser's own handling wins).
pub fn in_text_field(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            tag == "input"
                || tag == "textarea"
                || tag == "select"
                || el.has_attribute("contenteditable")
        })
}

/// Downloads the blueprint's picture as SVG (every text escaped by the core's renderer).
pub fn download_svg(name: &str, svg: &str) -> Result<(), String> {
    download(name, svg, "image/svg+xml")
}

/// Draws an SVG picture at twice its size on a canvas and downloads it as PNG; `done` hears
/// how it went. The SVG goes through an `<img>`, where nothing in it can run.
pub fn download_png(name: String, svg: &str, done: impl Fn(Result<(), String>) + 'static) {
    let done = std::rc::Rc::new(done);
    if let Err(e) = start_png(name, svg, done.clone()) {
        done(Err(e));
    }
}

fn js_err(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

type Done = std::rc::Rc<dyn Fn(Result<(), String>)>;

fn start_png(name: String, svg: &str, done: Done) -> Result<(), String> {
    use wasm_bindgen::closure::Closure;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let img = web_sys::HtmlImageElement::new().map_err(js_err)?;
    let on_error = {
        let done = done.clone();
        Closure::once_into_js(move || done(Err("the picture could not be drawn".into())))
    };
    img.set_onerror(Some(on_error.unchecked_ref()));
    let (img2, url2) = (img.clone(), url.clone());
    let on_load = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url2);
        if let Err(e) = draw_png(&img2, name, done.clone()) {
            done(Err(e));
        }
    });
    img.set_onload(Some(on_load.unchecked_ref()));
    img.set_src(&url);
    Ok(())
}

fn draw_png(img: &web_sys::HtmlImageElement, name: String, done: Done) -> Result<(), String> {
    use wasm_bindgen::closure::Closure;
    let scale = 2.0;
    let (w, h) = (img.natural_width().max(1), img.natural_height().max(1));
    let canvas = document()
        .create_element("canvas")
        .map_err(js_err)?
        .unchecked_into::<web_sys::HtmlCanvasElement>();
    canvas.set_width((f64::from(w) * scale) as u32);
    canvas.set_height((f64::from(h) * scale) as u32);
    let ctx = canvas
        .get_context("2d")
        .map_err(js_err)?
        .ok_or("this browser cannot draw on a canvas")?
        .unchecked_into::<web_sys::CanvasRenderingContext2d>();
    ctx.scale(scale, scale).map_err(js_err)?;
    ctx.draw_image_with_html_image_element(img, 0.0, 0.0)
        .map_err(js_err)?;
    let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        let saved = blob
            .ok_or_else(|| "the picture is too large for a PNG".to_string())
            .and_then(|b| download_blob(&name, &b));
        done(saved);
    });
    canvas.to_blob(on_blob.unchecked_ref()).map_err(js_err)
}

/// Offers a blob as a file download named `name`.
fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_err)?;
    let anchor = document()
        .create_element("a")
        .map_err(js_err)?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Revoke later: some browsers read the URL after the click handler returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}
