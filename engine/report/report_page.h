// The report page, built from viz/ at build time (embed_page.cmake): the HTML template with
// the styles, Chart.js and the script inlined, and one "{{DATA}}" marker for the data.
#ifndef HUBSIM_ENGINE_REPORT_REPORT_PAGE_H_
#define HUBSIM_ENGINE_REPORT_REPORT_PAGE_H_

#include <string_view>

namespace hubsim::report::internal {

// The marker ReportPage() has exactly once, inside <script type="application/json">.
inline constexpr std::string_view kDataMarker = "{{DATA}}";

// The page's bytes (static storage).
std::string_view ReportPage();

}  // namespace hubsim::report::internal

#endif  // HUBSIM_ENGINE_REPORT_REPORT_PAGE_H_
