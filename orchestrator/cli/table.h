// Output helpers matching drove-cli: tabulate "simple" tables, print_dict, dates and number formats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace drove::cli {

using Json = nlohmann::ordered_json;

// One table cell. Numeric cells right-align (as tabulate does for number columns) and sort
// numerically.
struct Cell {
  std::string text;
  bool numeric = false;
  double number = 0;

  Cell() = default;
  Cell(std::string value) : text(std::move(value)) {}        // NOLINT: implicit by design
  Cell(const char* value) : text(value) {}                   // NOLINT
  static Cell Number(int64_t value);
  static Cell FromJson(const Json& value);  // numbers stay numeric, strings as is, others Python-like
};

using Row = std::vector<Cell>;

// tabulate(rows, headers) in its default "simple" format: header line, dashes, rows; columns are
// separated by two spaces and each is at least header width + 2.
std::string RenderTable(const std::vector<std::string>& headers, const std::vector<Row>& rows);
// Stable sort by column (Python's sorted(key=itemgetter(column), reverse=reverse)).
void SortRows(std::vector<Row>* rows, size_t column, bool reverse);

// droveutils.print_dict: "key<pad to 30>value", nested objects indented by 4 per level. drove-cli
// prints a blank line after each object of a list; epoch-cli's copy does not
// (blank_line_after_list_item = false).
std::string RenderDict(const Json& data, int level = 0, bool blank_line_after_list_item = true);
// Python str() of a JSON value ("True", "None", "['a', 'b']", strings without quotes).
std::string PyStr(const Json& value);
// json.dumps(data, indent=4).
std::string RenderJson(const Json& data);

// Epoch ms -> "dd/mm/YYYY, HH:MM:SS" in local time (droveutils.to_date).
std::string ToDate(int64_t epoch_ms);
// 1234567 -> "1,234,567" (Python's "{:,}").
std::string WithCommas(int64_t value);

}  // namespace drove::cli
