//! Who this participant is in a workshop: a name asked once and remembered in this browser,
//! and a colour of their own (others see both beside the pointer and around the cards this
//! participant selects or edits).

use serde::{Deserialize, Serialize};

/// The key the profile is remembered under.
const PROFILE_KEY: &str = "stageline:v1:profile";

/// The colours participants get: distinct from each other and dark enough for white text
/// and a 3:1 outline against the canvas (WCAG 1.4.11).
pub const PALETTE: [&str; 8] = [
    "#b3261e", "#1f6feb", "#1a7f37", "#8250df", "#bc4c00", "#0a7a8a", "#bf3989", "#6e5a00",
];

/// This participant's name and colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The name others see.
    pub name: String,
    /// The colour others see, one of [`PALETTE`].
    pub color: String,
}

/// The longest name kept (longer ones are cut; a name is a label, not a text).
pub const MAX_NAME_CHARS: usize = 40;

impl Profile {
    /// The remembered profile, if a name was given before.
    pub fn remembered() -> Option<Profile> {
        let storage = web_sys::window()?.local_storage().ok()??;
        let text = storage.get_item(PROFILE_KEY).ok()??;
        let profile: Profile = serde_json::from_str(&text).ok()?;
        let name = clean_name(&profile.name)?;
        let color = if PALETTE.contains(&profile.color.as_str()) {
            profile.color
        } else {
            random_color()
        };
        Some(Profile { name, color })
    }

    /// A profile with `name` (cleaned; `None` when nothing is left) and this browser's colour
    /// (kept from before, else a random one), remembered for next time.
    pub fn remember(name: &str) -> Option<Profile> {
        let name = clean_name(name)?;
        let color = Profile::remembered().map_or_else(random_color, |p| p.color);
        let profile = Profile { name, color };
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            if let Ok(text) = serde_json::to_string(&profile) {
                // Not remembering it only means being asked again next time.
                let _ = storage.set_item(PROFILE_KEY, &text);
            }
        }
        Some(profile)
    }
}

/// `name` trimmed, control characters dropped, at most [`MAX_NAME_CHARS`]; `None` if empty.
pub fn clean_name(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_string();
    (!cleaned.is_empty()).then_some(cleaned)
}

fn random_color() -> String {
    let i = (js_sys::Math::random() * PALETTE.len() as f64) as usize;
    PALETTE[i.min(PALETTE.len() - 1)].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_cut_and_never_empty() {
        assert_eq!(clean_name("  Ana \n"), Some("Ana".into()));
        assert_eq!(clean_name(" \t "), None);
        assert_eq!(clean_name("a\u{7}b"), Some("ab".into()));
        assert_eq!(
            clean_name(&"x".repeat(100)).map(|n| n.chars().count()),
            Some(MAX_NAME_CHARS)
        );
    }

    #[test]
    fn palette_colours_are_dark_enough_for_white_text() {
        for color in PALETTE {
            let channel = |i: usize| {
                let v = f64::from(u8::from_str_radix(&color[i..i + 2], 16).expect("hex")) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
            let contrast = 1.05 / (l + 0.05);
            assert!(contrast >= 4.5, "{color}: {contrast:.2}");
        }
    }
}
