#pragma once
// Pieces of the results page view model (results.cpp puts them together).
#include <nlohmann/json.hpp>

#include "frontend/format.hpp"
#include "frontend/i18n.hpp"
#include "frontend/views.hpp"

namespace rinsho::frontend::results_parts {

// The query of the current page without paging: the base of every link the page builds.
Query base_query(const PageContext& ctx);

// Facet fieldsets: {"facets":[{heading, values:[{param,value,label,count,checked,input_id}], more:[...]}]}
nlohmann::json facets(const ResultsView& view, const PageContext& ctx, const Messages& m);
// The filters in force, each with a link that removes it: [{label, href}].
nlohmann::json active_filters(const ResultsView& view, const PageContext& ctx, const Messages& m);
// Options for age, sex, place, distance and sort.
nlohmann::json form_fields(const ResultsView& view, const PageContext& ctx, const Messages& m);
// "「小児」を「小児」の条件として絞り込みました", one per applied attribute.
// "My situation" (results_situation.cpp): the form's fields from the query, and a hit's label
// {key, label, reasons:[{text}], place}, or false when no situation was given.
nlohmann::json situation_form(const PageContext& ctx, const Messages& m);
nlohmann::json situation_label(const std::string& id, const ResultsView& view, const PageContext& ctx, const Messages& m);
nlohmann::json applied_notes(const ResultsView& view, const PageContext& ctx, const Messages& m);
// The label of an applied filter string such as "status:recruiting" or "pediatric".
std::string filter_label(std::string_view filter, const std::string& lang, const Messages& m);

}  // namespace rinsho::frontend::results_parts
