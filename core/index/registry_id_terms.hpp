#pragma once
// The XI terms of a trial: its own id and every secondary id, as text::registry_id_key gives them,
// so a pasted id finds the trial whatever its case, width or hyphens.
#include <xapian.h>

#include "model/trial.hpp"

namespace rinsho::index {

void add_registry_id_terms(Xapian::Document& doc, const model::Trial& trial);

}  // namespace rinsho::index
