//! Profiles: built-in ones and an institution's own files.

use microcred_credits::{BUILTIN_PROFILES, Credits, Hours, Profile, ProfileError};

#[test]
fn an_institution_loads_its_own_toml_profile() {
    let text = r#"
name = "Uni Zed"
description = "Our rules"
credits = { min = "2", max = "15" }
hours_per_credit = { min = "26", max = "26" }
require_credits = true
require_workload = true
require_eqf_level = false
rounding = { step = "1", mode = "down" }
durations = { study_day = "8", study_week = "40" }
"#;
    let profile = Profile::from_toml_str(text).unwrap();
    assert_eq!(profile.name, "Uni Zed");
    assert_eq!(profile.credits.max, Some(Credits::parse("15").unwrap()));
    assert_eq!(profile.durations.study_week, Some(Hours::parse("40").unwrap()));
    // The same profile in JSON.
    let json = serde_json::to_string_pretty(&profile).unwrap();
    assert_eq!(Profile::from_json_str(&json).unwrap(), profile);
    assert_eq!(Profile::from_str_auto(&json).unwrap(), profile);
    assert_eq!(Profile::from_str_auto(text).unwrap(), profile);
}

#[test]
fn profile_errors_say_what_and_where() {
    let table: &[(&str, &str)] = &[
        // a typo in a key
        (
            "name = \"U\"\nhours_per_credit = { min = 25, max = 30 }\nrequire_eqf = true\n",
            "line 3",
        ),
        // a typo in a nested key
        ("name = \"U\"\nhours_per_credit = { min = 25, mx = 30 }\n", "mx"),
        // a negative number
        (
            "name = \"U\"\nhours_per_credit = { min = 25, max = 30 }\ncredits = { min = -1 }\n",
            "negative",
        ),
        // NaN-like text
        ("name = \"U\"\nhours_per_credit = { min = \"NaN\", max = 30 }\n", "NaN"),
        // not TOML at all
        ("name = \n", "line 1"),
        // a missing required field
        ("name = \"U\"\n", "hours_per_credit"),
        // an unknown rounding mode
        (
            "name = \"U\"\nhours_per_credit = { min = 25, max = 30 }\nrounding = { step = 1, mode = \"sideways\" }\n",
            "sideways",
        ),
    ];
    for (text, fragment) in table {
        let error = Profile::from_toml_str(text).unwrap_err();
        assert!(matches!(error, ProfileError::Syntax { .. }), "{text}: {error:?}");
        assert!(error.to_string().contains(fragment), "{text}: {error}");
    }
    let error = Profile::from_json_str(
        "{\"name\": \"U\", \"hours_per_credit\": {\"min\": 25, \"max\": 30}, \"require_workload\": \"yes\"}",
    )
    .unwrap_err();
    assert!(error.to_string().contains("require_workload"), "{error}");
}

#[test]
fn builtins_are_listed_and_printable() {
    for name in BUILTIN_PROFILES {
        let toml = Profile::builtin_toml(name).unwrap();
        assert_eq!(Profile::from_toml_str(toml).unwrap(), Profile::builtin(name).unwrap());
    }
    assert!(Profile::builtin("sk").unwrap_err().to_string().contains("`ects`, `cz`"));
}
