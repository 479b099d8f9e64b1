#pragma once
// The interactive report's web assets (docs/interactive-report.md): the page template, CSS and
// JavaScript (Leaflet with its licence) assembled by scripts/fetch-web-assets into dist/.

#include <optional>
#include <string>

namespace equiroute::io {

struct WebAssets {
  std::string
      page;  ///< report_page.html: {{LANG}} {{TITLE}} {{STYLE}} {{BODY}} {{MAP_DATA}} {{SCRIPT}}
  std::string css;     ///< equiroute-report.css
  std::string js;      ///< equiroute-report.js
  std::string origin;  ///< "embedded at build time" or the directory they were read from
};

/// Where the report writer finds them: the directory named by the environment variable
/// EQUIROUTE_WEB_ASSETS (a dist/ directory, or the directory holding dist/, as
/// scripts/fetch-web-assets writes it), else the copy embedded at build time (present when
/// scripts/fetch-web-assets had run before the build configured), else none: the report is
/// static (also when EQUIROUTE_WEB_ASSETS is `none`). Throws Error (Io) when
/// EQUIROUTE_WEB_ASSETS names a directory without them.
std::optional<WebAssets> find_web_assets();

/// The static report's style sheet: web/src/report_base.css and report_map.css (tables for
/// people), embedded at build time from the source tree.
std::string static_report_css();

}  // namespace equiroute::io
