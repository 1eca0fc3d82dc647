#pragma once
// Linkage with other registries and standards over HTTP: exports (FHIR, WHO TRDS XML,
// ClinicalTrials.gov JSON, CSV, NDJSON) and imports with a token.
#include <nlohmann/json_fwd.hpp>

#include "linkage/exporter.hpp"
#include "server/http/http_types.hpp"

namespace rinsho::server {

// One trial in another format, with the stored version's ETag.
HttpResponse exported_trial(linkage::ExportFormat format, const nlohmann::json& record, const std::string& etag);

}  // namespace rinsho::server
