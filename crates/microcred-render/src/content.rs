//! What a certificate shows: the credential's fields, picked in one language and turned into
//! text, with the JSON path each text came from (for error messages).

use base64::Engine as _;
use microcred_model::elm::{Concept, LearningAchievement, Note, Organisation};
use microcred_model::vocab::{
    self, AssessmentType, Country, EqfLevel, Language, LearningSetting, Mode, QualityAssuranceType, SupervisionType,
};
use microcred_model::{DurationUnit, EuropeanDigitalCredential, IsoDuration, LanguageMap, XsdDateTime};

use crate::error::RenderError;
use crate::labels::{Labels, labels};

/// A text with the JSON path it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Txt {
    pub(crate) text: String,
    pub(crate) path: String,
}

impl Txt {
    fn new(text: impl Into<String>, path: impl Into<String>) -> Self {
        Txt {
            text: normalize(&text.into()),
            path: path.into(),
        }
    }
}

/// Collapse runs of white space (including line breaks and tabs) into single spaces.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A block of the certificate's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// A section heading.
    Heading(String),
    /// A sub-heading (the title of one of several achievements).
    SubHeading(Txt),
    /// Label and value rows.
    Rows(Vec<(String, Txt)>),
    /// A numbered list.
    List(Vec<Txt>),
    /// A paragraph.
    Paragraph(Txt),
}

/// An image drawn on the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Logo {
    pub(crate) mime: &'static str,
    pub(crate) base64: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// Everything the certificate shows, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Content {
    pub(crate) labels: &'static Labels,
    pub(crate) language: String,
    pub(crate) institution: Txt,
    pub(crate) institution_details: Vec<Txt>,
    pub(crate) logo: Option<Logo>,
    pub(crate) title: Txt,
    pub(crate) learner: Txt,
    pub(crate) learner_details: Vec<Txt>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) credential_id: Txt,
    pub(crate) link: String,
}

fn pick(map: Option<&LanguageMap>, language: &str) -> Option<String> {
    map.and_then(|m| m.best(language))
        .map(normalize)
        .filter(|t| !t.is_empty())
}

fn note(note: Option<&Note>, language: &str) -> Option<String> {
    pick(note.and_then(|n| n.note_literal.as_ref()), language)
}

/// The label of a concept: its `prefLabel` in the language, else the label of our vocabulary,
/// else the last segment of its IRI.
fn concept_label(concept: &Concept, language: &str) -> String {
    let id = concept.id.as_str();
    // The credential's own label in this very language comes first, then our translation.
    if let Some(label) = concept.pref_label.as_ref().and_then(|l| l.get(language)) {
        return normalize(label);
    }
    let key = Mode::from_iri(id)
        .map(Mode::key)
        .or_else(|| AssessmentType::from_iri(id).map(AssessmentType::key))
        .or_else(|| SupervisionType::from_iri(id).map(SupervisionType::key))
        .or_else(|| LearningSetting::from_iri(id).map(LearningSetting::key))
        .or_else(|| QualityAssuranceType::from_iri(id).map(QualityAssuranceType::key));
    if let Some(label) = key.and_then(|k| crate::labels::concept(k, language)) {
        return label.to_owned();
    }
    if let Some(label) = pick(concept.pref_label.as_ref(), language) {
        return label;
    }
    let known = Mode::from_iri(id)
        .map(|v| v.concept_ref().label)
        .or_else(|| AssessmentType::from_iri(id).map(|v| v.concept_ref().label))
        .or_else(|| SupervisionType::from_iri(id).map(|v| v.concept_ref().label))
        .or_else(|| LearningSetting::from_iri(id).map(|v| v.concept_ref().label))
        .or_else(|| QualityAssuranceType::from_iri(id).map(|v| v.concept_ref().label))
        .or_else(|| Country::from_iri(id).map(Country::name))
        .or_else(|| Language::from_iri(id).map(Language::name));
    match known {
        Some(label) => label.to_owned(),
        None => id.rsplit(['/', '#', ':']).next().unwrap_or(id).to_owned(),
    }
}

/// The date part of an `xsd:dateTime` (`2026-06-15`); dates are written in ISO 8601 in every
/// language, so no reader misreads day and month.
fn date(value: &XsdDateTime) -> String {
    let text = value.as_str();
    text.get(..10)
        .filter(|d| d.len() == 10 && d.as_bytes().get(4) == Some(&b'-'))
        .unwrap_or(text)
        .to_owned()
}

/// A workload in words: whole hours as `104 hours`, anything else as written (`P2W`).
fn workload(duration: &IsoDuration, labels: &Labels) -> String {
    let mut minutes: u64 = 0;
    for c in duration.components() {
        let per = match c.unit {
            DurationUnit::Days => 24 * 60,
            DurationUnit::Hours => 60,
            DurationUnit::Minutes => 1,
            _ => return duration.as_str().to_owned(),
        };
        if c.nanos != 0 {
            return duration.as_str().to_owned();
        }
        minutes = minutes.saturating_add(c.whole.saturating_mul(per));
    }
    let hours = format!("{:.2}", minutes as f64 / 60.0);
    let hours = hours.trim_end_matches('0').trim_end_matches('.');
    format!("{hours} {}", labels.hours)
}

fn decode_logo(org: &Organisation) -> Result<Option<Logo>, RenderError> {
    let Some(content) = org.logo.as_ref().and_then(|l| l.content.as_deref()) else {
        return Ok(None);
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim().as_bytes())
        .map_err(|_| RenderError::Logo)?;
    let (mime, width, height) = image_size(&bytes).ok_or(RenderError::Logo)?;
    Ok(Some(Logo {
        mime,
        base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
        width,
        height,
    }))
}

/// The type and pixel size of a PNG or JPEG image, read from its header.
pub(crate) fn image_size(bytes: &[u8]) -> Option<(&'static str, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
        return (w > 0 && h > 0).then_some(("image/png", w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to the first start-of-frame marker.
        let mut i = 2usize;
        while let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) {
            let len = usize::from(u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]));
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                let h = u32::from(u16::from_be_bytes([*bytes.get(i + 5)?, *bytes.get(i + 6)?]));
                let w = u32::from(u16::from_be_bytes([*bytes.get(i + 7)?, *bytes.get(i + 8)?]));
                return (w > 0 && h > 0).then_some(("image/jpeg", w, h));
            }
            i = i.checked_add(2 + len)?;
        }
    }
    None
}

fn organisation_line(org: &Organisation, language: &str) -> Option<String> {
    let name = pick(org.legal_name.as_ref(), language)?;
    let country = org
        .location
        .iter()
        .flat_map(|l| l.iter())
        .flat_map(|l| l.address.iter().flat_map(|a| a.iter()))
        .find_map(|a| a.country_code.as_ref())
        .map(|c| concept_label(c, language));
    Some(match country {
        Some(country) => format!("{name} ({country})"),
        None => name,
    })
}

/// Fill in the verification link: `{id}` in the template becomes the percent-encoded
/// credential id. Without a template, an `http(s)` credential id is its own link; otherwise the
/// QR code carries the id itself.
pub(crate) fn verification_link(template: Option<&str>, id: &str) -> String {
    match template {
        Some(template) => template.replace("{id}", &percent_encode(id)),
        None => id.to_owned(),
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Pick and word everything the certificate of `credential` shows in `language` (a primary
/// language subtag such as `cs`).
pub(crate) fn content(
    credential: &EuropeanDigitalCredential,
    language: &str,
    link_template: Option<&str>,
) -> Result<Content, RenderError> {
    let l = labels(language);
    let lang = language;
    let issuer = &credential.issuer;
    let institution = pick(issuer.legal_name.as_ref(), lang)
        .or_else(|| pick(issuer.alt_label.as_ref(), lang))
        .ok_or(RenderError::Missing {
            what: "issuer name",
            path: "issuer.legalName",
        })?;
    let mut institution_details = Vec::new();
    let address = issuer
        .location
        .iter()
        .flat_map(|l| l.iter())
        .flat_map(|l| l.address.iter().flat_map(|a| a.iter()));
    let mut country = None;
    let mut full_address = None;
    for a in address {
        if country.is_none() {
            country = a.country_code.as_ref().map(|c| concept_label(c, lang));
        }
        if full_address.is_none() {
            full_address = note(a.full_address.as_ref(), lang);
        }
    }
    if let Some(short) = pick(issuer.alt_label.as_ref(), lang).filter(|s| *s != institution) {
        institution_details.push(Txt::new(short, "issuer.altLabel"));
    }
    if let Some(address) = full_address {
        institution_details.push(Txt::new(address, "issuer.location.address.fullAddress"));
    }
    if let Some(home) = issuer
        .homepage
        .iter()
        .flat_map(|h| h.iter())
        .find_map(|h| h.content_url.clone())
    {
        institution_details.push(Txt::new(home, "issuer.homepage.contentURL"));
    }
    let logo = decode_logo(issuer)?;

    let subject = &credential.credential_subject;
    let learner = pick(subject.full_name.as_ref(), lang)
        .or_else(|| {
            let given = pick(subject.given_name.as_ref(), lang)?;
            Some(match pick(subject.family_name.as_ref(), lang) {
                Some(family) => format!("{given} {family}"),
                None => given,
            })
        })
        .ok_or(RenderError::Missing {
            what: "learner name",
            path: "credentialSubject.fullName",
        })?;
    let mut learner_details = Vec::new();
    if let Some(birth) = &subject.date_of_birth {
        learner_details.push(Txt::new(
            format!("{}: {}", l.date_of_birth, date(birth)),
            "credentialSubject.dateOfBirth",
        ));
    }

    let achievements: Vec<&LearningAchievement> = credential.achievements().collect();
    let display_title = credential
        .display_parameter
        .as_ref()
        .and_then(|d| pick(d.title.as_ref(), lang));
    let title = achievements
        .first()
        .and_then(|a| pick(a.title.as_ref(), lang))
        .map(|t| Txt::new(t, "credentialSubject.hasClaim.title"))
        .or_else(|| display_title.map(|t| Txt::new(t, "displayParameter.title")))
        .ok_or(RenderError::Missing {
            what: "title",
            path: "credentialSubject.hasClaim.title",
        })?;

    let mut blocks = Vec::new();
    // The award: who, when, where.
    let mut award_rows = Vec::new();
    let awarded = achievements
        .first()
        .and_then(|a| a.awarded_by.as_ref())
        .and_then(|a| a.awarding_date.as_ref())
        .or(credential.issued.as_ref())
        .or(credential.valid_from.as_ref());
    if let Some(awarded) = awarded {
        award_rows.push((
            l.date_awarded.to_owned(),
            Txt::new(date(awarded), "credentialSubject.hasClaim.awardedBy.awardingDate"),
        ));
    }
    if let Some(until) = credential.valid_until.as_ref().or(credential.expiration_date.as_ref()) {
        award_rows.push((l.valid_until.to_owned(), Txt::new(date(until), "validUntil")));
    }
    if let Some(country) = country {
        award_rows.push((
            l.country.to_owned(),
            Txt::new(country, "issuer.location.address.countryCode"),
        ));
    }
    if !award_rows.is_empty() {
        blocks.push(Block::Rows(award_rows));
    }

    let several = achievements.len() > 1;
    for (index, achievement) in achievements.iter().enumerate() {
        achievement_blocks(achievement, index, several, lang, l, &mut blocks);
    }
    // Certificates of participation claim learning activities rather than achievements.
    let activities: Vec<Txt> = credential
        .credential_subject
        .has_claim
        .iter()
        .flat_map(|c| c.iter())
        .filter_map(|claim| match claim {
            microcred_model::elm::Claim::Activity(activity) => {
                let title = pick(activity.title.as_ref(), lang)?;
                Some(Txt::new(
                    match &activity.workload {
                        Some(w) => format!("{title} ({})", workload(w, l)),
                        None => title,
                    },
                    "credentialSubject.hasClaim.title",
                ))
            }
            _ => None,
        })
        .collect();
    if !activities.is_empty() {
        blocks.push(Block::Heading(l.activities.to_owned()));
        blocks.push(Block::List(activities));
    }

    let id = credential.id.clone().ok_or(RenderError::Missing {
        what: "credential id",
        path: "id",
    })?;
    let link = verification_link(link_template, &id);
    Ok(Content {
        labels: l,
        language: language.to_owned(),
        institution: Txt::new(institution, "issuer.legalName"),
        institution_details,
        logo,
        title,
        learner: Txt::new(learner, "credentialSubject.fullName"),
        learner_details,
        blocks,
        credential_id: Txt::new(id, "id"),
        link,
    })
}

fn achievement_blocks(
    achievement: &LearningAchievement,
    index: usize,
    several: bool,
    lang: &str,
    l: &Labels,
    blocks: &mut Vec<Block>,
) {
    let path = |field: &str| format!("credentialSubject.hasClaim[{index}].{field}");
    if several {
        if let Some(title) = pick(achievement.title.as_ref(), lang) {
            blocks.push(Block::SubHeading(Txt::new(title, path("title"))));
        }
    }
    let spec = achievement.specified_by.as_ref();
    if let Some(description) = pick(achievement.description.as_ref(), lang) {
        blocks.push(Block::Paragraph(Txt::new(description, path("description"))));
    } else if let Some(description) = pick(spec.and_then(|s| s.description.as_ref()), lang) {
        blocks.push(Block::Paragraph(Txt::new(description, path("specifiedBy.description"))));
    }
    let mut facts = Vec::new();
    let credits = achievement
        .credit_received
        .iter()
        .flat_map(|c| c.iter())
        .chain(spec.iter().flat_map(|s| s.credit_point.iter().flat_map(|c| c.iter())))
        .find_map(|c| {
            let point = c.point.as_deref()?.trim();
            let framework = match &c.framework {
                Some(f) if f.id == vocab::ECTS.id => "ECTS".to_owned(),
                Some(f) => concept_label(f, lang),
                None => String::new(),
            };
            Some(format!("{point} {framework}").trim().to_owned())
        });
    if let Some(credits) = credits {
        facts.push((l.credits.to_owned(), Txt::new(credits, path("specifiedBy.creditPoint"))));
    }
    if let Some(volume) = spec.and_then(|s| s.volume_of_learning.as_ref()) {
        facts.push((
            l.workload.to_owned(),
            Txt::new(workload(volume, l), path("specifiedBy.volumeOfLearning")),
        ));
    }
    if let Some(eqf) = spec.and_then(|s| s.eqf_level.as_ref()) {
        let level = EqfLevel::from_iri(&eqf.id)
            .map(|e| e.get().to_string())
            .unwrap_or_else(|_| concept_label(eqf, lang));
        facts.push((l.eqf_level.to_owned(), Txt::new(level, path("specifiedBy.eqfLevel"))));
    }
    let join = |concepts: Vec<String>| concepts.join(", ");
    if let Some(modes) = spec.and_then(|s| s.mode.as_ref()) {
        let text = join(modes.iter().map(|c| concept_label(c, lang)).collect());
        facts.push((l.participation.to_owned(), Txt::new(text, path("specifiedBy.mode"))));
    }
    if let Some(setting) = spec.and_then(|s| s.learning_setting.as_ref()) {
        facts.push((
            l.learning_setting.to_owned(),
            Txt::new(concept_label(setting, lang), path("specifiedBy.learningSetting")),
        ));
    }
    if !facts.is_empty() {
        blocks.push(Block::Rows(facts));
    }

    let outcomes: Vec<Txt> = spec
        .iter()
        .flat_map(|s| s.learning_outcome.iter().flat_map(|o| o.iter()))
        .enumerate()
        .filter_map(|(i, o)| {
            pick(o.title.as_ref(), lang).map(|t| Txt::new(t, path(&format!("specifiedBy.learningOutcome[{i}].title"))))
        })
        .collect();
    if !outcomes.is_empty() {
        blocks.push(Block::Heading(l.outcomes.to_owned()));
        blocks.push(Block::List(outcomes));
    }

    let mut assessment = Vec::new();
    for (i, a) in achievement.proven_by.iter().flat_map(|p| p.iter()).enumerate() {
        let apath = |field: &str| path(&format!("provenBy[{i}].{field}"));
        let kinds: Vec<String> = a
            .specified_by
            .iter()
            .flat_map(|s| s.dc_type.iter().flat_map(|t| t.iter()))
            .map(|c| concept_label(c, lang))
            .collect();
        // The builder defaults the assessment's title to the course title: not worth repeating.
        let achievement_title = pick(achievement.title.as_ref(), lang);
        let title = pick(a.title.as_ref(), lang).filter(|t| {
            Some(t) != achievement_title.as_ref() && !kinds.iter().any(|k| k.to_lowercase() == t.to_lowercase())
        });
        let kind_text = match (kinds.is_empty(), title) {
            (false, Some(title)) => Some(format!("{} ({title})", kinds.join(", "))),
            (false, None) => Some(kinds.join(", ")),
            (true, title) => title,
        };
        if let Some(kind) = kind_text {
            assessment.push((
                l.assessment_type.to_owned(),
                Txt::new(kind, apath("specifiedBy.dcType")),
            ));
        }
        if let Some(grade) = note(a.grade.as_ref(), lang) {
            assessment.push((l.grade.to_owned(), Txt::new(grade, apath("grade"))));
        }
        if let Some(check) = &a.id_verification {
            assessment.push((
                l.id_verification.to_owned(),
                Txt::new(concept_label(check, lang), apath("idVerification")),
            ));
        }
    }
    if !assessment.is_empty() {
        blocks.push(Block::Heading(l.assessment.to_owned()));
        blocks.push(Block::Rows(assessment));
    }

    let quality: Vec<Txt> = spec
        .iter()
        .flat_map(|s| s.accreditation.iter().flat_map(|a| a.iter()))
        .enumerate()
        .filter_map(|(i, a)| {
            let title = pick(a.title.as_ref(), lang);
            let kind = a.dc_type.as_ref().map(|c| concept_label(c, lang));
            let agency = a.accrediting_agent.as_ref().and_then(|o| organisation_line(o, lang));
            let head = match (title, kind) {
                (Some(t), Some(k)) => format!("{t} ({k})"),
                (Some(t), None) => t,
                (None, Some(k)) => k,
                (None, None) => return agency.map(|a| Txt::new(a, path(&format!("specifiedBy.accreditation[{i}]")))),
            };
            let text = match agency {
                Some(agency) => format!("{head}: {agency}"),
                None => head,
            };
            Some(Txt::new(text, path(&format!("specifiedBy.accreditation[{i}]"))))
        })
        .collect();
    if !quality.is_empty() {
        blocks.push(Block::Heading(l.quality.to_owned()));
        blocks.push(Block::List(quality));
    }

    let mut further = Vec::new();
    if let Some(entry) = note(spec.and_then(|s| s.entry_requirement.as_ref()), lang) {
        further.push((
            l.prerequisites.to_owned(),
            Txt::new(entry, path("specifiedBy.entryRequirement")),
        ));
    }
    if let Some(partial) = spec.and_then(|s| s.is_partial_qualification) {
        further.push((
            l.partial.to_owned(),
            Txt::new(
                if partial { l.yes } else { l.no },
                path("specifiedBy.isPartialQualification"),
            ),
        ));
    }
    let areas: Vec<String> = spec
        .iter()
        .flat_map(|s| s.thematic_area.iter().flat_map(|t| t.iter()))
        .map(|c| concept_label(c, lang))
        .collect();
    if !areas.is_empty() {
        further.push((
            l.fields.to_owned(),
            Txt::new(join(areas), path("specifiedBy.thematicArea")),
        ));
    }
    let languages: Vec<String> = spec
        .iter()
        .flat_map(|s| s.language.iter().flat_map(|t| t.iter()))
        .map(|c| concept_label(c, lang))
        .collect();
    if !languages.is_empty() {
        further.push((
            l.languages.to_owned(),
            Txt::new(join(languages), path("specifiedBy.language")),
        ));
    }
    let notes = achievement.additional_note.iter().flat_map(|n| n.iter()).chain(
        spec.iter()
            .flat_map(|s| s.additional_note.iter().flat_map(|n| n.iter())),
    );
    for text in notes.filter_map(|n| note(Some(n), lang)) {
        further.push((l.notes.to_owned(), Txt::new(text, path("additionalNote"))));
    }
    for url in spec
        .iter()
        .flat_map(|s| s.homepage.iter().flat_map(|h| h.iter()))
        .filter_map(|h| h.content_url.clone())
    {
        further.push((l.homepage.to_owned(), Txt::new(url, path("specifiedBy.homepage"))));
    }
    if !further.is_empty() {
        blocks.push(Block::Heading(l.further.to_owned()));
        blocks.push(Block::Rows(further));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_workloads() {
        assert_eq!(
            verification_link(Some("https://v.example/c/{id}"), "urn:uuid:1 2"),
            "https://v.example/c/urn%3Auuid%3A1%202"
        );
        assert_eq!(
            verification_link(None, "https://x.example/c/1"),
            "https://x.example/c/1"
        );
        let en = labels("en");
        assert_eq!(workload(&IsoDuration::parse("PT104H").unwrap(), en), "104 hours");
        assert_eq!(workload(&IsoDuration::parse("PT37H30M").unwrap(), en), "37.5 hours");
        assert_eq!(workload(&IsoDuration::parse("P1DT2H").unwrap(), en), "26 hours");
        assert_eq!(workload(&IsoDuration::parse("P2W").unwrap(), en), "P2W");
    }

    #[test]
    fn image_headers() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x69\0\0\0\x94\x08\x02";
        assert_eq!(image_size(png), Some(("image/png", 105, 148)));
        assert_eq!(image_size(b"GIF89a"), None);
        assert_eq!(image_size(&[0xFF, 0xD8, 0xFF]), None);
        let jpeg = [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 3];
        assert_eq!(image_size(&jpeg), Some(("image/jpeg", 30, 20)));
    }
}
