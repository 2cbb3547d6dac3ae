//! The certificate's own words (headings and field names) in the languages we translate;
//! other languages fall back to English. Credential content is never translated: it is drawn
//! in the requested language when the credential carries it.

/// The fixed texts of a certificate in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Labels {
    pub(crate) micro_credential: &'static str,
    pub(crate) awarded_to: &'static str,
    pub(crate) date_of_birth: &'static str,
    pub(crate) date_awarded: &'static str,
    pub(crate) valid_until: &'static str,
    pub(crate) country: &'static str,
    pub(crate) credits: &'static str,
    pub(crate) workload: &'static str,
    pub(crate) hours: &'static str,
    pub(crate) eqf_level: &'static str,
    pub(crate) participation: &'static str,
    pub(crate) learning_setting: &'static str,
    pub(crate) outcomes: &'static str,
    pub(crate) assessment: &'static str,
    pub(crate) assessment_type: &'static str,
    pub(crate) grade: &'static str,
    pub(crate) id_verification: &'static str,
    pub(crate) quality: &'static str,
    pub(crate) further: &'static str,
    pub(crate) prerequisites: &'static str,
    pub(crate) partial: &'static str,
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    pub(crate) notes: &'static str,
    pub(crate) fields: &'static str,
    pub(crate) languages: &'static str,
    pub(crate) homepage: &'static str,
    pub(crate) activities: &'static str,
    pub(crate) verify: &'static str,
    pub(crate) credential_id: &'static str,
    /// `{n}` and `{total}` are replaced.
    pub(crate) page: &'static str,
    pub(crate) continued: &'static str,
}

const EN: Labels = Labels {
    micro_credential: "Micro-credential",
    awarded_to: "Awarded to",
    date_of_birth: "Date of birth",
    date_awarded: "Date awarded",
    valid_until: "Valid until",
    country: "Issuing country",
    credits: "Credits",
    workload: "Workload",
    hours: "hours",
    eqf_level: "EQF level",
    participation: "Form of participation",
    learning_setting: "Learning setting",
    outcomes: "Learning outcomes",
    assessment: "Assessment",
    assessment_type: "Type of assessment",
    grade: "Grade",
    id_verification: "Identity verification",
    quality: "Quality assurance",
    further: "Further information",
    prerequisites: "Prerequisites",
    partial: "Part of a qualification",
    yes: "yes",
    no: "no",
    notes: "Notes",
    fields: "Field of education",
    languages: "Language of instruction",
    homepage: "Web page",
    activities: "Learning activities",
    verify: "Verify",
    credential_id: "Credential ID",
    page: "Page {n} of {total}",
    continued: "continued",
};

const CS: Labels = Labels {
    micro_credential: "Mikrocertifikát",
    awarded_to: "Držitel",
    date_of_birth: "Datum narození",
    date_awarded: "Datum udělení",
    valid_until: "Platnost do",
    country: "Země vydání",
    credits: "Kredity",
    workload: "Studijní zátěž",
    hours: "hodin",
    eqf_level: "Úroveň EQF",
    participation: "Forma účasti",
    learning_setting: "Typ učení",
    outcomes: "Výsledky učení",
    assessment: "Hodnocení",
    assessment_type: "Forma hodnocení",
    grade: "Známka",
    id_verification: "Ověření totožnosti",
    quality: "Zajištění kvality",
    further: "Další informace",
    prerequisites: "Předpoklady",
    partial: "Součást kvalifikace",
    yes: "ano",
    no: "ne",
    notes: "Poznámky",
    fields: "Oblast vzdělávání",
    languages: "Jazyk výuky",
    homepage: "Webová stránka",
    activities: "Vzdělávací aktivity",
    verify: "Ověření",
    credential_id: "ID osvědčení",
    page: "Strana {n} z {total}",
    continued: "pokračování",
};

const DE: Labels = Labels {
    micro_credential: "Microcredential",
    awarded_to: "Verliehen an",
    date_of_birth: "Geburtsdatum",
    date_awarded: "Verleihungsdatum",
    valid_until: "Gültig bis",
    country: "Ausstellungsland",
    credits: "Leistungspunkte",
    workload: "Arbeitsaufwand",
    hours: "Stunden",
    eqf_level: "EQR-Niveau",
    participation: "Teilnahmeform",
    learning_setting: "Lernkontext",
    outcomes: "Lernergebnisse",
    assessment: "Prüfung",
    assessment_type: "Prüfungsform",
    grade: "Note",
    id_verification: "Identitätsprüfung",
    quality: "Qualitätssicherung",
    further: "Weitere Informationen",
    prerequisites: "Zugangsvoraussetzungen",
    partial: "Teil einer Qualifikation",
    yes: "ja",
    no: "nein",
    notes: "Hinweise",
    fields: "Bildungsbereich",
    languages: "Unterrichtssprache",
    homepage: "Webseite",
    activities: "Lernaktivitäten",
    verify: "Prüfen",
    credential_id: "Nachweis-ID",
    page: "Seite {n} von {total}",
    continued: "Fortsetzung",
};

const PL: Labels = Labels {
    micro_credential: "Mikropoświadczenie",
    awarded_to: "Przyznane",
    date_of_birth: "Data urodzenia",
    date_awarded: "Data przyznania",
    valid_until: "Ważne do",
    country: "Kraj wydania",
    credits: "Punkty ECTS",
    workload: "Nakład pracy",
    hours: "godzin",
    eqf_level: "Poziom ERK",
    participation: "Forma udziału",
    learning_setting: "Rodzaj uczenia się",
    outcomes: "Efekty uczenia się",
    assessment: "Ocenianie",
    assessment_type: "Forma oceniania",
    grade: "Ocena",
    id_verification: "Weryfikacja tożsamości",
    quality: "Zapewnienie jakości",
    further: "Dodatkowe informacje",
    prerequisites: "Wymagania wstępne",
    partial: "Część kwalifikacji",
    yes: "tak",
    no: "nie",
    notes: "Uwagi",
    fields: "Dziedzina kształcenia",
    languages: "Język nauczania",
    homepage: "Strona internetowa",
    activities: "Działania edukacyjne",
    verify: "Weryfikacja",
    credential_id: "ID poświadczenia",
    page: "Strona {n} z {total}",
    continued: "ciąg dalszy",
};

const HU: Labels = Labels {
    micro_credential: "Mikrotanúsítvány",
    awarded_to: "Tulajdonos",
    date_of_birth: "Születési dátum",
    date_awarded: "Kiállítás dátuma",
    valid_until: "Érvényesség vége",
    country: "Kiállító ország",
    credits: "Kreditpont",
    workload: "Munkaterhelés",
    hours: "óra",
    eqf_level: "EKKR-szint",
    participation: "Részvételi forma",
    learning_setting: "Tanulási környezet",
    outcomes: "Tanulási eredmények",
    assessment: "Értékelés",
    assessment_type: "Értékelés típusa",
    grade: "Érdemjegy",
    id_verification: "Személyazonosság ellenőrzése",
    quality: "Minőségbiztosítás",
    further: "További információk",
    prerequisites: "Előfeltételek",
    partial: "Képesítés része",
    yes: "igen",
    no: "nem",
    notes: "Megjegyzések",
    fields: "Képzési terület",
    languages: "Oktatás nyelve",
    homepage: "Weboldal",
    activities: "Tanulási tevékenységek",
    verify: "Ellenőrzés",
    credential_id: "Tanúsítvány-azonosító",
    page: "{n}/{total}. oldal",
    continued: "folytatás",
};

const EL: Labels = Labels {
    micro_credential: "Μικροδιαπιστευτήριο",
    awarded_to: "Απονέμεται σε",
    date_of_birth: "Ημερομηνία γέννησης",
    date_awarded: "Ημερομηνία απονομής",
    valid_until: "Ισχύει έως",
    country: "Χώρα έκδοσης",
    credits: "Πιστωτικές μονάδες",
    workload: "Φόρτος εργασίας",
    hours: "ώρες",
    eqf_level: "Επίπεδο ΕΠΠ",
    participation: "Μορφή συμμετοχής",
    learning_setting: "Πλαίσιο μάθησης",
    outcomes: "Μαθησιακά αποτελέσματα",
    assessment: "Αξιολόγηση",
    assessment_type: "Τύπος αξιολόγησης",
    grade: "Βαθμός",
    id_verification: "Επαλήθευση ταυτότητας",
    quality: "Διασφάλιση ποιότητας",
    further: "Πρόσθετες πληροφορίες",
    prerequisites: "Προαπαιτούμενα",
    partial: "Μέρος τίτλου σπουδών",
    yes: "ναι",
    no: "όχι",
    notes: "Σημειώσεις",
    fields: "Πεδίο εκπαίδευσης",
    languages: "Γλώσσα διδασκαλίας",
    homepage: "Ιστοσελίδα",
    activities: "Μαθησιακές δραστηριότητες",
    verify: "Επαλήθευση",
    credential_id: "Αναγνωριστικό",
    page: "Σελίδα {n} από {total}",
    continued: "συνέχεια",
};

/// The labels for the primary subtag `language` (`cs`), or English.
pub(crate) fn labels(language: &str) -> &'static Labels {
    match language {
        "cs" => &CS,
        "de" => &DE,
        "pl" => &PL,
        "hu" => &HU,
        "el" => &EL,
        _ => &EN,
    }
}

/// The languages with their own labels (ISO 639-1).
pub(crate) const TRANSLATED: &[&str] = &["en", "cs", "de", "pl", "hu", "el"];

/// Our translation of a concept of the ELM vocabularies, by its short key (see
/// `microcred_model::vocab`) and language: cs, de, pl, hu, el.
pub(crate) fn concept(key: &str, language: &str) -> Option<&'static str> {
    let row: [&'static str; 5] = match key {
        // Form of participation.
        "online" => ["online", "online", "online", "online", "διαδικτυακά"],
        "blended" => ["kombinovaná", "hybrid", "hybrydowa", "vegyes", "μικτή"],
        "presential" => ["prezenční", "Präsenz", "stacjonarna", "jelenléti", "δια ζώσης"],
        "workbased" => [
            "v praxi",
            "arbeitsbasiert",
            "w miejscu pracy",
            "munkaalapú",
            "στον χώρο εργασίας",
        ],
        "project-based" => [
            "projektová",
            "projektbasiert",
            "projektowa",
            "projektalapú",
            "βάσει έργου",
        ],
        "research-lab-based" => [
            "výzkumná / laboratorní",
            "Forschung / Labor",
            "badawcza / laboratoryjna",
            "kutatási / laboratóriumi",
            "έρευνα / εργαστήριο",
        ],
        // Learning setting.
        "formal" => [
            "formální učení",
            "formales Lernen",
            "uczenie się formalne",
            "formális tanulás",
            "τυπική μάθηση",
        ],
        "non-formal" => [
            "neformální učení",
            "nicht formales Lernen",
            "uczenie się pozaformalne",
            "nem formális tanulás",
            "μη τυπική μάθηση",
        ],
        // Identity checks.
        "unsupervised" => [
            "bez dohledu a ověření totožnosti",
            "unbeaufsichtigt, ohne Identitätsprüfung",
            "bez nadzoru i weryfikacji tożsamości",
            "felügyelet és ellenőrzés nélkül",
            "χωρίς επιτήρηση και επαλήθευση",
        ],
        "supervised-with-id-verification" => [
            "pod dohledem s ověřením totožnosti",
            "beaufsichtigt mit Identitätsprüfung",
            "pod nadzorem z weryfikacją tożsamości",
            "felügyelettel és személyazonosság-ellenőrzéssel",
            "με επιτήρηση και επαλήθευση ταυτότητας",
        ],
        "id-verification" => [
            "ověření totožnosti",
            "Identitätsprüfung",
            "weryfikacja tożsamości",
            "személyazonosság-ellenőrzés",
            "επαλήθευση ταυτότητας",
        ],
        // Types of assessment.
        "peer-assessment" => [
            "vzájemné hodnocení",
            "Peer-Bewertung",
            "ocena koleżeńska",
            "társértékelés",
            "αξιολόγηση από ομοτίμους",
        ],
        "marked-assignment" => [
            "hodnocený úkol",
            "benotete Aufgabe",
            "oceniane zadanie",
            "értékelt feladat",
            "βαθμολογούμενη εργασία",
        ],
        "continuous-evaluation" => [
            "průběžné hodnocení",
            "kontinuierliche Bewertung",
            "ocena ciągła",
            "folyamatos értékelés",
            "συνεχής αξιολόγηση",
        ],
        "portfolio" => ["portfolio", "Portfolio", "portfolio", "portfólió", "φάκελος εργασιών"],
        "group-performance" => [
            "skupinový výkon",
            "Gruppenleistung",
            "praca grupowa",
            "csoportteljesítmény",
            "ομαδική επίδοση",
        ],
        "practical-assessment" => [
            "praktická zkouška",
            "praktische Prüfung",
            "egzamin praktyczny",
            "gyakorlati vizsga",
            "πρακτική αξιολόγηση",
        ],
        "written-examination" => [
            "písemná zkouška",
            "schriftliche Prüfung",
            "egzamin pisemny",
            "írásbeli vizsga",
            "γραπτή εξέταση",
        ],
        "level-of-attendance" => [
            "míra účasti",
            "Anwesenheit",
            "frekwencja",
            "részvétel mértéke",
            "επίπεδο παρακολούθησης",
        ],
        "project-work" => [
            "projektová práce",
            "Projektarbeit",
            "praca projektowa",
            "projektmunka",
            "εργασία έργου",
        ],
        "peer-review" => [
            "vzájemné posouzení",
            "Peer-Review",
            "recenzja koleżeńska",
            "szakmai lektorálás",
            "αξιολόγηση ομοτίμων",
        ],
        "quiz" => ["test", "Quiz", "quiz", "kvíz", "κουίζ"],
        "problem-based-learning" => [
            "problémové učení",
            "problembasiertes Lernen",
            "uczenie się oparte na problemach",
            "problémaalapú tanulás",
            "μάθηση βάσει προβλήματος",
        ],
        "oral-examination" => [
            "ústní zkouška",
            "mündliche Prüfung",
            "egzamin ustny",
            "szóbeli vizsga",
            "προφορική εξέταση",
        ],
        "artefact-assessment" => [
            "hodnocení artefaktu",
            "Bewertung eines Artefakts",
            "ocena wytworu",
            "termékértékelés",
            "αξιολόγηση τεχνουργήματος",
        ],
        // Quality assurance.
        "institutional-quality-assurance" => [
            "institucionální zajištění kvality",
            "institutionelle Qualitätssicherung",
            "instytucjonalne zapewnienie jakości",
            "intézményi minőségbiztosítás",
            "θεσμική διασφάλιση ποιότητας",
        ],
        "programme-quality-assurance" => [
            "zajištění kvality programu",
            "Qualitätssicherung des Programms",
            "zapewnienie jakości programu",
            "programszintű minőségbiztosítás",
            "διασφάλιση ποιότητας προγράμματος",
        ],
        "institutional-licence" => [
            "oprávnění instituce",
            "Zulassung der Einrichtung",
            "uprawnienia instytucji",
            "intézményi engedély",
            "αδειοδότηση ιδρύματος",
        ],
        "programme-licence" => [
            "oprávnění programu",
            "Zulassung des Programms",
            "uprawnienia programu",
            "programengedély",
            "αδειοδότηση προγράμματος",
        ],
        _ => return None,
    };
    let column = match language {
        "cs" => 0,
        "de" => 1,
        "pl" => 2,
        "hu" => 3,
        "el" => 4,
        _ => return None,
    };
    row.get(column).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_translation_is_drawable_and_pages_are_numbered() {
        for language in TRANSLATED {
            let l = labels(language);
            assert!(l.page.contains("{n}") && l.page.contains("{total}"), "{language}");
            for text in [l.micro_credential, l.outcomes, l.continued, l.hours, l.id_verification] {
                assert!(text.chars().all(crate::fonts::covers), "{language}: {text}");
            }
        }
        assert_eq!(labels("xx").outcomes, "Learning outcomes");
        use microcred_model::vocab::{AssessmentType, LearningSetting, Mode, QualityAssuranceType, SupervisionType};
        let keys = Mode::ALL
            .iter()
            .map(|v| v.key())
            .chain(AssessmentType::ALL.iter().map(|v| v.key()))
            .chain(SupervisionType::ALL.iter().map(|v| v.key()))
            .chain(LearningSetting::ALL.iter().map(|v| v.key()))
            .chain(QualityAssuranceType::ALL.iter().map(|v| v.key()));
        for key in keys {
            for language in ["cs", "de", "pl", "hu", "el"] {
                let label = concept(key, language).unwrap_or_else(|| panic!("{key} in {language}"));
                assert!(label.chars().all(crate::fonts::covers), "{label}");
            }
            assert_eq!(concept(key, "en"), None);
        }
    }
}
