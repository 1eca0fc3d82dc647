#include "frontend/qr_code.hpp"

#include <qrencode.h>

#include "common/escape.hpp"

namespace rinsho::frontend {

Result<QrMatrix> qr_matrix(std::string_view text) {
  const std::string s(text);
  if (s.empty() || s.find('\0') != std::string::npos) return fail(ErrorCode::invalid_argument, "QR code: empty or NUL text");
  // 8-bit mode: URLs are ASCII, and nothing is lost to libqrencode's mode guessing.
  QRcode* code = QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return fail(ErrorCode::invalid_argument, "QR code: text too long to encode");
  QrMatrix m;
  m.version = code->version;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  QRcode_free(code);
  return m;
}

std::string qr_svg(const QrMatrix& qr, std::string_view label) {
  const int side = qr.size + 2 * kQrQuietZone;
  const std::string n = std::to_string(side);
  std::string path;
  // One subpath per horizontal run of dark modules keeps the markup small (about 2 KB for a URL).
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size;) {
      if (!qr.at(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < qr.size && qr.at(x + run, y)) ++run;
      path += "M" + std::to_string(x + kQrQuietZone) + " " + std::to_string(y + kQrQuietZone) + "h" + std::to_string(run) +
              "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  const std::string name = html_escape(label);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + n + " " + n +
         "\" role=\"img\" aria-label=\"" + name + "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace rinsho::frontend
