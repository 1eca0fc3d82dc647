#pragma once
// The prefecture outlines of the map of Japan: generated at build time from npm's @svg-maps/japan
// (CC BY 4.0) by frontend/map/outlines.mjs and embedded as "map/japan_outlines.txt".
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace rinsho::frontend {

struct MapOutline {
  std::string code;  // JIS X 0401 "01".."47"
  std::string d;     // SVG path data on the integer grid of the view box
};

struct MapOutlines {
  int width = 0, height = 0;       // the SVG viewBox is "0 0 width height"
  int frame_x = 0, frame_y = 0;    // the frame around the Okinawa inset
  int frame_w = 0, frame_h = 0;
  std::vector<MapOutline> outlines;  // all 47, in code order
};

// Parses the generated text: "viewbox W H", "frame X Y W H", then "CODE PATHDATA" for every
// prefecture; lines starting with '#' are comments. Fails unless all 47 codes are there once and
// the path data holds only the characters outlines.mjs writes (so it is safe in an attribute).
Result<MapOutlines> parse_map_outlines(std::string_view text);

// The embedded outlines, parsed; a failure is a build defect (Renderer::create reports it).
Result<MapOutlines> load_map_outlines();

}  // namespace rinsho::frontend
