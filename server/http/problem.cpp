#include "server/http/problem.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace rinsho::server {
namespace {

const char* title_for(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

}  // namespace

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return 400;
    case ErrorCode::invalid_json: return 400;
    case ErrorCode::validation: return 422;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::precondition_failed: return 412;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::too_large: return 413;
    case ErrorCode::io: return 503;
    // 507 rather than 503: the registry cannot take writes until an operator frees space, while
    // reads and searches go on; a client should not simply retry soon.
    case ErrorCode::storage_full: return 507;
    case ErrorCode::busy: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

HttpResponse problem_response(int status, const std::string& detail, std::vector<FieldError> fields) {
  nlohmann::json body = {{"type", "about:blank"}, {"title", title_for(status)}, {"status", status}, {"detail", detail}};
  if (!fields.empty()) {
    body["errors"] = nlohmann::json::array();
    for (const auto& f : fields)
      body["errors"].push_back({{"pointer", f.pointer}, {"message", {{"ja", f.message_ja}, {"en", f.message_en}}}});
  }
  HttpResponse r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse problem_response(const Error& error) {
  if (error.code == ErrorCode::storage_full)  // the SQLite or Xapian text would tell a client nothing
    return problem_response(507, "the registry is out of storage space: nothing was saved; try again later",
                            {{"", "登録システムの保存領域が不足しているため保存できませんでした。時間をおいて再度お試しください",
                              "the registry is out of storage space; nothing was saved"}});
  if (error.code == ErrorCode::busy) {
    // A database that is restarting or out of reach, or the index lock held by another process:
    // worth a retry in a moment. The cause (socket paths, server messages) goes to the log only.
    std::fprintf(stderr, "503 busy: %s\n", error.message.c_str());
    auto r = problem_response(503, "the registry cannot take this request right now: nothing was saved; retry shortly",
                              {{"", "ただいま登録システムが応答できません。保存はされていません。少し時間をおいて再度お試しください",
                                "the registry cannot take this request right now; nothing was saved"}});
    r.set_header("Retry-After", "2");
    return r;
  }
  return problem_response(http_status_for(error.code), error.message, error.fields);
}

}  // namespace rinsho::server
