#include "admin/admin_cli.hpp"

#include <cstdio>
#include <cstdlib>

#include "store/store.hpp"

namespace rinsho::admin {
namespace {

constexpr const char* kUsage = R"(rinsho-admin: manage registrant organisations and their API tokens

Usage:
  rinsho-admin [--data-dir DIR] create-org NAME           print the new organisation's id
  rinsho-admin [--data-dir DIR] issue-token ORG [LABEL]   print the token (shown once) as the last line
  rinsho-admin [--data-dir DIR] list-tokens ORG           id, prefix, label, created, revoked
  rinsho-admin [--data-dir DIR] revoke-token TOKEN_ID
  rinsho-admin [--data-dir DIR] audit [N]                 the N most recent write attempts (default 20)

Options:
  --data-dir DIR   Registry directory (default: $RINSHO_DATA_DIR or ./data)
  --database URL   postgresql://user@host:port/dbname: the registry is in PostgreSQL
                   (default: $RINSHO_DATABASE, or SQLite in --data-dir)
  -h, --help       Show this help
)";

int failed(const Error& e) {
  std::fprintf(stderr, "rinsho-admin: %s\n", e.message.c_str());
  return e.code == ErrorCode::io || e.code == ErrorCode::internal ? 2 : 1;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "rinsho-admin: %s\nTry 'rinsho-admin --help'.\n", message.c_str());
  return 2;
}

int run_command(store::Store& store, const std::string& command, const std::vector<std::string>& rest) {
  if (command == "create-org") {
    if (rest.size() != 1) return usage_error("create-org needs NAME");
    auto org = store.create_org(rest[0]);
    if (!org) return failed(org.error());
    std::printf("%s\n", org->id.c_str());
    return 0;
  }
  if (command == "issue-token") {
    if (rest.empty() || rest.size() > 2) return usage_error("issue-token needs ORG [LABEL]");
    auto token = store.issue_token(rest[0], rest.size() > 1 ? rest[1] : "api");
    if (!token) return failed(token.error());
    std::fprintf(stderr, "token %s for %s; store it now, it is not shown again:\n", token->token_id.c_str(), rest[0].c_str());
    std::printf("%s\n", token->token.c_str());
    return 0;
  }
  if (command == "list-tokens") {
    if (rest.size() != 1) return usage_error("list-tokens needs ORG");
    auto tokens = store.list_tokens(rest[0]);
    if (!tokens) return failed(tokens.error());
    for (const auto& t : *tokens)
      std::printf("%s\t%s…\t%s\t%s\t%s\n", t.token_id.c_str(), t.prefix.c_str(), t.label.c_str(), t.created_at.c_str(),
                  t.revoked_at ? ("revoked " + *t.revoked_at).c_str() : "active");
    return 0;
  }
  if (command == "revoke-token") {
    if (rest.size() != 1) return usage_error("revoke-token needs TOKEN_ID");
    auto ok = store.revoke_token(rest[0]);
    if (!ok) return failed(ok.error());
    std::printf("revoked %s\n", rest[0].c_str());
    return 0;
  }
  if (command == "audit") {
    std::size_t n = 20;
    if (!rest.empty()) n = static_cast<std::size_t>(std::strtoul(rest[0].c_str(), nullptr, 10));
    auto entries = store.recent_audit(n ? n : 20);
    if (!entries) return failed(entries.error());
    for (const auto& e : *entries)
      std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", e.at.c_str(), e.org_id.empty() ? "-" : e.org_id.c_str(), e.action.c_str(),
                  e.target.empty() ? "-" : e.target.c_str(), e.outcome.c_str(), e.detail.c_str());
    return 0;
  }
  return usage_error(command.empty() ? "no command given" : "unknown command " + command);
}

}  // namespace

int run_admin(const std::vector<std::string>& args) {
  const char* env_dir = std::getenv("RINSHO_DATA_DIR");
  std::string data_dir = env_dir && *env_dir ? env_dir : "data";
  const char* env_database = std::getenv("RINSHO_DATABASE");
  std::string database_url = env_database ? env_database : "";
  std::string command;
  std::vector<std::string> rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (args[i] == "--data-dir") {
      if (i + 1 >= args.size()) return usage_error("--data-dir needs a directory");
      data_dir = args[++i];
    } else if (args[i] == "--database") {
      if (i + 1 >= args.size()) return usage_error("--database needs a postgresql:// URL");
      database_url = args[++i];
    } else if (command.empty()) {
      command = args[i];
    } else {
      rest.push_back(args[i]);
    }
  }
  auto store = store::Store::open({data_dir, 5000, database_url});
  if (!store) return failed(store.error());
  return run_command(*store, command, rest);
}

}  // namespace rinsho::admin
