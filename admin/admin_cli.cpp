#include "admin/admin_cli.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "accounts/password_link.hpp"
#include "store/sqlite_backup.hpp"
#include "store/store.hpp"

namespace rinsho::admin {
namespace {

constexpr const char* kUsage = R"(rinsho-admin: manage registrant organisations and their API tokens; back up the registry

Usage:
  rinsho-admin [--data-dir DIR] create-org NAME           print the new organisation's id
  rinsho-admin [--data-dir DIR] issue-token ORG [LABEL]   print the token (shown once) as the last line
  rinsho-admin [--data-dir DIR] list-tokens ORG           id, prefix, label, created, revoked
  rinsho-admin [--data-dir DIR] revoke-token TOKEN_ID
  rinsho-admin [--data-dir DIR] create-user ORG EMAIL [--role editor|admin]
                                                          a portal account; prints a one-time link
                                                          to set the password as the last line
  rinsho-admin [--data-dir DIR] reset-user EMAIL          a new one-time password link (last line)
  rinsho-admin [--data-dir DIR] list-users ORG            id, email, role, password set or not
  rinsho-admin [--data-dir DIR] audit [N]                 the N most recent write attempts (default 20)
  rinsho-admin [--data-dir DIR] backup FILE [--force]     a consistent copy of the registry, taken online
  rinsho-admin [--data-dir DIR] restore FILE              fill an empty data directory from a backup

Backups: one SQLite file with every table (trials, versions, organisations, tokens, audit log,
access counts) as of one commit, while the server keeps writing. FILE is written under a temporary
name, checked (integrity_check), synced and then renamed; an existing FILE is kept unless --force.
The search index is not in the backup: rinsho-server rebuilds it from the restored registry.

Options:
  --data-dir DIR   Registry directory (default: $RINSHO_DATA_DIR or ./data)
  --database URL   postgresql://user@host:port/dbname: the registry is in PostgreSQL
                   (default: $RINSHO_DATABASE, or SQLite in --data-dir)
  --base-url URL   Public address of the server, for password links (default: $RINSHO_BASE_URL
                   or http://127.0.0.1:8080)
  --force          backup: replace an existing FILE
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

void print_summary(const char* what, const std::string& where, const store::RegistrySummary& s, double seconds) {
  std::printf("%s %s: %lld trials, %lld versions, last seq %lld\n", what, where.c_str(), (long long)s.trials,
              (long long)s.versions, (long long)s.last_seq);
  std::printf("  %lld organisations, %lld tokens, %lld audit rows, %lld access-count rows\n", (long long)s.organizations,
              (long long)s.tokens, (long long)s.audit_rows, (long long)s.access_rows);
  std::printf("  %llu bytes, schema version %d, integrity_check ok, %.3f s\n", (unsigned long long)s.bytes,
              s.schema_version, seconds);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// backup and restore work on files, before (and instead of) opening the store: a backup must not
// create an empty registry where there is none, and a restore needs the directory empty.
int run_file_command(const std::string& data_dir, const std::string& command, const std::vector<std::string>& rest) {
  std::vector<std::string> files;
  bool force = false;
  for (const auto& a : rest) {
    if (a == "--force" && command == "backup") force = true;
    else files.push_back(a);
  }
  const auto start = std::chrono::steady_clock::now();
  if (command == "backup") {
    if (files.size() != 1) return usage_error("backup needs FILE [--force]");
    auto summary = store::backup_registry({data_dir, files[0], force});
    if (!summary) return failed(summary.error());
    print_summary("backed up to", files[0], *summary, seconds_since(start));
    return 0;
  }
  if (files.size() != 1) return usage_error("restore needs FILE");
  auto summary = store::restore_registry({files[0], data_dir});
  if (!summary) return failed(summary.error());
  print_summary("restored into", data_dir, *summary, seconds_since(start));
  // What index_check.cpp does with a missing index: nothing to repair, and the first catch-up,
  // which the server runs before it listens, applies every change from seq 0.
  std::printf("the search index is not in the backup: rinsho-server builds it from the restored registry as it\n"
              "starts, before it listens; on a large registry `rinsho-indexer --data-dir %s rebuild` first is faster\n",
              data_dir.c_str());
  return 0;
}

int print_password_link(store::Store& store, const store::Person& person, const std::string& base_url) {
  auto secret = store.issue_password_link(person.id, accounts::kPasswordLinkValidity);
  if (!secret) return failed(secret.error());
  std::fprintf(stderr, "one-time link for %s (%s), valid for %lld hours; send it to them and nobody else:\n",
               person.email.c_str(), person.id.c_str(), (long long)accounts::kPasswordLinkValidity.count());
  std::printf("%s\n", accounts::password_link(base_url, *secret).c_str());
  return 0;
}

int run_command(store::Store& store, const std::string& command, const std::vector<std::string>& rest,
                const std::string& base_url) {
  if (command == "create-user") {
    std::vector<std::string> positional;
    std::string role = "editor";
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == "--role") {
        if (i + 1 >= rest.size()) return usage_error("--role needs editor or admin");
        role = rest[++i];
      } else {
        positional.push_back(rest[i]);
      }
    }
    if (positional.size() != 2) return usage_error("create-user needs ORG EMAIL [--role editor|admin]");
    auto person = store.create_person(positional[0], positional[1], role);
    if (!person) return failed(person.error());
    return print_password_link(store, *person, base_url);
  }
  if (command == "reset-user") {
    if (rest.size() != 1) return usage_error("reset-user needs EMAIL");
    auto person = store.find_person_by_email(rest[0]);
    if (!person) return failed(person.error());
    if (!*person) return failed(Error{ErrorCode::not_found, "no portal account for " + rest[0], {}});
    return print_password_link(store, **person, base_url);
  }
  if (command == "list-users") {
    if (rest.size() != 1) return usage_error("list-users needs ORG");
    auto people = store.list_people(rest[0]);
    if (!people) return failed(people.error());
    for (const auto& p : *people)
      std::printf("%s\t%s\t%s\t%s\n", p.id.c_str(), p.email.c_str(), p.role.c_str(),
                  p.has_password ? "password set" : "no password yet");
    return 0;
  }
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
  const char* env_base = std::getenv("RINSHO_BASE_URL");
  std::string base_url = env_base && *env_base ? env_base : "http://127.0.0.1:8080";
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
    } else if (args[i] == "--base-url") {
      if (i + 1 >= args.size()) return usage_error("--base-url needs a URL");
      base_url = args[++i];
    } else if (command.empty()) {
      command = args[i];
    } else {
      rest.push_back(args[i]);
    }
  }
  if (command == "backup" || command == "restore") {
    // They copy SQLite's file: a registry in PostgreSQL has PostgreSQL's own tools, and copying
    // whatever SQLite file lies in --data-dir instead would be a backup of the wrong registry.
    auto backend = store::database_backend(database_url);
    if (!backend) return failed(backend.error());
    if (*backend != "sqlite")
      return failed(Error{ErrorCode::invalid_argument,
                          command + " works on the SQLite registry in --data-dir; a registry in PostgreSQL is "
                                    "backed up with pg_dump and restored with pg_restore",
                          {}});
    return run_file_command(data_dir, command, rest);
  }
  auto store = store::Store::open({data_dir, 5000, database_url});
  if (!store) return failed(store.error());
  return run_command(*store, command, rest, base_url);
}

}  // namespace rinsho::admin
