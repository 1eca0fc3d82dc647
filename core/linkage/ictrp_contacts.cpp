// ICTRP contacts and ethics review: parallel ";"-joined lists, one slot per person or committee.
#include "linkage/ictrp.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

std::string slot(const std::vector<std::string>& list, std::size_t i) {
  return i < list.size() ? clean_text(list[i]) : std::string();
}

bool looks_like_email(std::string_view s) { return s.find('@') != std::string_view::npos && s.find(' ') == std::string_view::npos; }

std::optional<model::Contact> contact_at(const IctrpFields& f, std::size_t i, MapLog& log) {
  auto list = [&](const char* name) { return split_keep(f.get(name), ';'); };
  const auto first = slot(list("Contact_Firstname"), i), last = slot(list("Contact_Lastname"), i);
  const auto name_ja = slot(list("Contact_Lastname_ja"), i), affiliation_ja = slot(list("Contact_Affiliation_ja"), i);
  model::Contact c;
  std::string name = std::string(trim((is_placeholder(first) ? "" : first) + " " + (is_placeholder(last) ? "" : last)));
  if (auto text = localized(name)) c.name = *text;
  if (!is_placeholder(name_ja)) (c.name ? *c.name : c.name.emplace()).ja = name_ja;
  if (auto text = localized(slot(list("Contact_Affiliation"), i))) c.organization = *text;
  if (!is_placeholder(affiliation_ja)) (c.organization ? *c.organization : c.organization.emplace()).ja = affiliation_ja;
  const std::string which = i == 0 ? "Contact_Email" : "Contact_Email (contact " + std::to_string(i + 1) + ")";
  c.email = contact_email(slot(list("Contact_Email"), i), which, log);
  c.phone = contact_phone(slot(list("Contact_Tel"), i), "Contact_Tel", log);
  if (!c.name && !c.organization && !c.email && !c.phone) return std::nullopt;
  return c;
}

std::optional<std::string> ethics_status(std::string_view raw, MapLog& log) {
  for (const auto& item : split_clean(raw, ';')) {
    const auto key = enum_key(item);
    if (key == "APPROVED" || key == "APPROVAL" || key == "YES" || key == "AUTHORISED" || key == "AUTHORIZED" || key == "FAVOURABLE")
      return "approved";
    if (key == "NOTAPPROVED" || key == "REJECTED" || key == "DISAPPROVED") return "not_approved";
    if (key == "PENDING" || key == "SUBMITTED" || key == "SUBMITTEDAPPROVAL" || key == "UNDERREVIEW") return "pending";
    if (key == "NOTREQUIRED" || key == "EXEMPT") return "not_required";
    log.note("Ethics_review_status", "'" + item + "' is not a review status rinsho knows; left out");
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

void map_ictrp_contacts(const IctrpFields& f, model::Trial& t, MapLog& log) {
  // ICTRP lists contacts in order without roles; the first answers public queries and a second,
  // different one scientific queries (rinsho's export writes them in that order).
  std::size_t slots = 0;
  for (const char* name : {"Contact_Firstname", "Contact_Lastname", "Contact_Email", "Contact_Tel", "Contact_Affiliation"})
    slots = std::max(slots, split_keep(f.get(name), ';').size());
  std::vector<model::Contact> contacts;
  for (std::size_t i = 0; i < slots; ++i) {
    auto c = contact_at(f, i, log);
    if (!c) continue;
    bool seen = false;
    for (const auto& other : contacts) seen = seen || other == *c;
    if (!seen) contacts.push_back(std::move(*c));
  }
  if (!contacts.empty()) t.contacts.public_contact = contacts[0];
  if (contacts.size() > 1) t.contacts.scientific = contacts[1];
  if (contacts.size() > 2)
    log.note("Contact_*", std::to_string(contacts.size() - 2) + " further contact(s) left out; the schema holds a public and a scientific contact");
}

void map_ictrp_ethics(const IctrpFields& f, model::Trial& t, MapLog& log) {
  model::EthicsReview e;
  e.status = ethics_status(f.get("Ethics_review_status"), log);
  auto dates = split_clean(f.get("Ethics_review_approval_date"), ';');
  if (!dates.empty()) e.approval_date = log.optional(parse_date(dates[0]), "Ethics_review_approval_date");
  // jRCT rows put the committee's name in the address field and an email in the name field.
  for (const char* field : {"Ethics_review_contact_name", "Ethics_review_contact_address"}) {
    std::string names;
    for (const auto& item : split_clean(f.get(field), ';'))
      if (!looks_like_email(item) && names.find(item) == std::string::npos) names += (names.empty() ? "" : "; ") + item;
    if (names.empty()) continue;
    e.committee = localized(names);
    break;
  }
  auto ja = clean_text(f.get("Ethics_review_contact_name_ja"));
  if (!is_placeholder(ja)) (e.committee ? *e.committee : e.committee.emplace()).ja = ja;
  if (e.status || e.approval_date || e.committee) t.ethics_review = std::move(e);
}

}  // namespace rinsho::linkage
