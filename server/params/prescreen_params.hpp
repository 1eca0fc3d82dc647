#pragma once
// The "Could I join?" answers as they arrive in a page's query string: the trial page's questionnaire
// (?ps=1&age=..&sex=..&c2=yes) and the results page's "my situation" (?me=1&me_age=..). Answers live
// only in the URL: they are never logged (the access log drops every query string), never stored,
// and access counting records only that a pre-screen happened (AccessMetrics::prescreens).
#include <string>
#include <vector>

#include "common/error.hpp"
#include "prescreen/verdict.hpp"
#include "server/http/http_types.hpp"

namespace rinsho::text {
class Dictionary;
}

namespace rinsho::server {

// The parameter names of "my situation", which the search page's parser allows beside its own.
bool is_situation_param(std::string_view key);
// True when a trial page carries any questionnaire answer (or ps=1), or a search page any "my
// situation" answer.
bool is_prescreen_request(const HttpRequest& req);

// The trial page's answers. Empty values are "not answered"; a value that is not one the form offers
// is an error naming the parameter (an edited link, not a person's answer).
Result<prescreen::Answers> trial_answers(const HttpRequest& req);

struct Situation {
  prescreen::Answers answers;
  std::string prefecture;  // JIS code "01".."47", or empty
  bool rank = false;       // me_rank=1: likely hits first
};
// The results page's "my situation" (me_age, me_sex, me_pref, me_dx, me_tx, me_rank). Diagnosis and treatment
// words are matched to dictionary concepts, each with its broader concepts.
Result<Situation> situation_answers(const HttpRequest& req, const text::Dictionary& dictionary);

}  // namespace rinsho::server
