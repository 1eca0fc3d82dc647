#pragma once
// QR codes as inline SVG for the printout (/saved/print), so a doctor can open a trial's page from
// paper. libqrencode (Debian's libqrencode-dev) computes the modules; this file draws them.
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace rinsho::frontend {

struct QrMatrix {
  int version = 0;  // 1..40; the side is 17 + 4 * version modules
  int size = 0;
  std::vector<bool> dark;  // row by row, size * size
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// The symbol for `text` in byte mode at error-correction level M (15%: a creased printout still reads).
Result<QrMatrix> qr_matrix(std::string_view text);

// One <svg> with a white background, the 4-module quiet zone the standard asks for, and a single
// path of dark modules; `label` becomes its accessible name (escaped here).
std::string qr_svg(const QrMatrix& qr, std::string_view label);

inline constexpr int kQrQuietZone = 4;

}  // namespace rinsho::frontend
