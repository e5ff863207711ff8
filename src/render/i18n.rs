//! Document labels in French, Dutch and English, from `templates/i18n.yaml`.
//!
//! The file is data so that a workspace can reword a label (its own
//! `templates/i18n.yaml` replaces the built-in one) without touching templates.
//! Every label must exist in all three languages: the type makes a missing
//! translation a load error instead of a blank on a client's invoice.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::UserError;
use crate::model::Lang;

/// The built-in labels, embedded so the binary works outside the repository.
pub const BUILTIN_I18N: &str = include_str!("../../templates/i18n.yaml");

/// One label in the three languages a Belgian business writes in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translations<T> {
    /// French.
    pub fr: T,
    /// Dutch.
    pub nl: T,
    /// English.
    pub en: T,
}

impl<T> Translations<T> {
    /// Picks the variant for the client's language.
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Fr => &self.fr,
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// The whole label file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct I18n {
    /// Month names, January first, used to spell dates out.
    pub months: Translations<[String; 12]>,
    /// Label key to its translations.
    pub labels: BTreeMap<String, Translations<String>>,
    /// Country names by ISO code, for addresses abroad.
    #[serde(default)]
    pub countries: BTreeMap<String, Translations<String>>,
}

/// Labels of one language, as templates see them (`{{ t.invoice }}`).
pub type Labels = BTreeMap<String, String>;

impl I18n {
    /// Parses a label file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &Path) -> Result<I18n, UserError> {
        serde_yaml::from_str(text).map_err(|e| {
            let mut err = UserError::new(format!("invalid label file: {e}"))
                .file(origin)
                .hint("every label needs `fr`, `nl` and `en`; compare with the built-in templates/i18n.yaml");
            if let Some(loc) = e.location() {
                err = err.at(loc.line(), loc.column());
            }
            err
        })
    }

    /// The built-in labels.
    pub fn builtin() -> I18n {
        I18n::parse(BUILTIN_I18N, Path::new("templates/i18n.yaml"))
            .expect("built-in templates/i18n.yaml is valid (checked by tests)")
    }

    /// Labels for one language.
    pub fn labels(&self, lang: Lang) -> Labels {
        self.labels
            .iter()
            .map(|(k, v)| (k.clone(), v.get(lang).clone()))
            .collect()
    }

    /// Month names for one language.
    pub fn months(&self, lang: Lang) -> &[String; 12] {
        self.months.get(lang)
    }

    /// The country's name in `lang`, or its code when the file does not list it.
    pub fn country(&self, code: &str, lang: Lang) -> String {
        self.countries
            .get(code)
            .map(|t| t.get(lang).clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// A label with `{name}` placeholders filled in. A key missing from a workspace's
    /// label file (ejected before the key existed) falls back to the built-in label.
    pub fn fill(&self, key: &str, lang: Lang, args: &[(&str, &str)]) -> String {
        static BUILTIN: std::sync::OnceLock<I18n> = std::sync::OnceLock::new();
        let mut text = self
            .labels
            .get(key)
            .or_else(|| BUILTIN.get_or_init(I18n::builtin).labels.get(key))
            .map(|t| t.get(lang).clone())
            .unwrap_or_else(|| key.to_string());
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_labels_exist_in_all_three_languages() {
        let i18n = I18n::builtin();
        assert_eq!(i18n.labels(Lang::Nl)["acceptance"], "Voor akkoord");
        assert_eq!(i18n.labels(Lang::Fr)["acceptance"], "Bon pour accord");
        assert_eq!(i18n.labels(Lang::En)["acceptance"], "Accepted");
        for (key, t) in &i18n.labels {
            for text in [&t.fr, &t.nl, &t.en] {
                assert!(
                    !text.trim().is_empty(),
                    "label {key} is empty in one language"
                );
            }
        }
    }

    #[test]
    fn a_label_missing_a_language_is_rejected_with_its_line() {
        let err = I18n::parse(
            "months: {fr: [a,b,c,d,e,f,g,h,i,j,k,l], nl: [a,b,c,d,e,f,g,h,i,j,k,l], en: [a,b,c,d,e,f,g,h,i,j,k,l]}\nlabels:\n  invoice: {fr: Facture, nl: Factuur}\n",
            Path::new("templates/i18n.yaml"),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(
            err.message.contains("missing field `en`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn countries_are_named_in_the_client_language_and_unknown_ones_keep_their_code() {
        let i18n = I18n::builtin();
        assert_eq!(i18n.country("IE", Lang::Nl), "Ierland");
        assert_eq!(i18n.country("IE", Lang::Fr), "Irlande");
        assert_eq!(i18n.country("ZZ", Lang::En), "ZZ");
    }
}
