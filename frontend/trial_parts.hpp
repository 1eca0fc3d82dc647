#pragma once
// Pieces of the trial page view model: trial.cpp (what patients read first), trial_details.cpp
// (what researchers need) and json_ld.cpp (what search engines read).
#include <string>

#include <nlohmann/json.hpp>

#include "frontend/i18n.hpp"
#include "frontend/views.hpp"

namespace rinsho::frontend::trial_parts {

// The text in the language, or "" when the field is absent.
std::string text(const model::Opt<model::LocalizedText>& t, const std::string& lang);
// Section 4, what taking part involves: {has_treatments, treatments, visits, overnight, placebo, cost,
// compensation, dct:[{label}]}, each "not stated" when the record leaves it out.
nlohmann::json involves(const model::Trial& t, const std::string& lang, const Messages& m);
// Section 5, the public contact: {name, organization, department, phone, tel_href, email, mailto_href, url, any}.
nlohmann::json join(const model::Trial& t, const std::string& lang);
// Section 7: [{id, heading, rows:[{label, value}]}] plus the version history.
nlohmann::json details(const TrialView& view, const std::string& lang, const Messages& m);
nlohmann::json history(const TrialView& view, const std::string& lang, const Messages& m);
// What a version changed, in words: the labels of its top-level fields ("Eligibility, Public
// title"), "first version" for version 1, and the store's note when there is one.
std::string changed_text(const VersionEntry& v, const std::string& lang, const Messages& m);
// Bridging: {also: {sources:[{registry, id, url}]}, conflicts: {fields:[{field, values:[...]}]}},
// each key present only when there is something to show (trial_sources.cpp).
nlohmann::json registrations(const model::Trial& trial, const std::string& lang, const Messages& m);
// schema.org MedicalTrial for the page at `url`.
nlohmann::json json_ld(const model::Trial& trial, const std::string& url, const std::string& lang, const Messages& m);
// The "Could I join?" questionnaire and its verdict (prescreen_form.cpp).
nlohmann::json prescreen_form(const TrialView& view, const PageContext& ctx, const Messages& m);
// "20〜75歳" / "20 to 75 years", as the page shows the age range.
std::string age_text(const model::Eligibility& e, const std::string& lang, const Messages& m);
// The rule behind a verdict in words: the age range, the sex, or the criterion's own text.
nlohmann::json prescreen_reason_text(const model::Eligibility& e, const prescreen::Reason& r, const std::string& lang,
                                     const Messages& m);
// The record's last update (dates.last_updated, else updated_at), YYYY-MM-DD or "".
std::string last_updated(const model::Trial& trial);
// WHO asks registries to flag records not updated for 12 months.
bool is_stale(const std::string& last_updated, const std::string& today);

}  // namespace rinsho::frontend::trial_parts
