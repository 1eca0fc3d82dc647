#pragma once
// What the researcher portal's pages show, as plain structs: the server fills them from the store
// and the request, the portal renders them. No store, Xapian or httplib types here.
#include <string>
#include <vector>

namespace rinsho::portal {

// One problem with one form field: the summary links to the field, the message sits beside it.
struct FieldMessage {
  std::string field;  // the input's id
  std::string text;   // already in the reader's language
};

struct SignInView {
  std::string action;  // the form's URL
  std::string csrf;
  std::string email;   // echoed back after a failure; never the password
  std::string notice;  // e.g. "you have signed out"
  std::vector<FieldMessage> errors;
};

struct SetPasswordView {
  std::string action;
  std::string csrf;
  std::string token;  // the one-time link's secret, carried to the POST
  std::string email;
  bool link_invalid = false;
  std::vector<FieldMessage> errors;
};

struct DashboardTrial {
  std::string id, title, status, updated, href;
  long long version = 0;
  bool stale = false;  // not updated for 12 months
  int trds_present = 0;  // of the 24 WHO TRDS items
  int warnings = 0;      // open registration warnings (model::registration_warnings)
  std::string edit_action;  // POST: makes a draft from the current version
  std::string results_href;  // the results form; empty unless the trial is completed or terminated
};

// A draft of the guided form (store::TrialDraft), new or changing a published trial.
struct DashboardDraft {
  std::string title, updated, href;
  std::string trial_id;  // empty for a new trial
  int step = 1;
};

struct DashboardView {
  std::string org_name, email, role;  // role: editor | admin
  std::string csrf, sign_out_action, new_draft_action;
  std::string notice;  // e.g. "trial published"
  std::vector<DashboardTrial> trials;
  std::vector<DashboardDraft> drafts;
};

}  // namespace rinsho::portal
