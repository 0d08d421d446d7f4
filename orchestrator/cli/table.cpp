// drove-cli look-alike output: tabulate "simple" tables, print_dict and value formatting.
#include "orchestrator/cli/table.h"

#include <algorithm>
#include <ctime>
#include <sstream>

namespace drove::cli {
namespace {

// Display width: UTF-8 code points (continuation bytes do not count).
size_t Width(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string Pad(const std::string& text, size_t width, bool right) {
  size_t have = Width(text);
  if (have >= width) return text;
  std::string padding(width - have, ' ');
  return right ? padding + text : text + padding;
}

std::string PyRepr(const Json& value) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    char quote = text.find('\'') != std::string::npos && text.find('"') == std::string::npos
                     ? '"' : '\'';
    return quote + text + quote;
  }
  return PyStr(value);
}

}  // namespace

Cell Cell::Number(int64_t value) {
  Cell cell(std::to_string(value));
  cell.numeric = true;
  cell.number = static_cast<double>(value);
  return cell;
}

Cell Cell::FromJson(const Json& value) {
  if (value.is_number_integer()) return Number(value.get<int64_t>());
  if (value.is_number()) {
    Cell cell(PyStr(value));
    cell.numeric = true;
    cell.number = value.get<double>();
    return cell;
  }
  if (value.is_null()) return Cell("");
  return Cell(PyStr(value));
}

std::string RenderTable(const std::vector<std::string>& headers, const std::vector<Row>& rows) {
  size_t columns = headers.size();
  for (const auto& row : rows) columns = std::max(columns, row.size());
  std::vector<size_t> widths(columns, 0);
  std::vector<bool> numeric(columns, false);
  for (size_t c = 0; c < columns; ++c) {
    bool any_value = false;
    bool all_numeric = true;
    for (const auto& row : rows) {
      if (c >= row.size() || row[c].text.empty()) continue;
      any_value = true;
      all_numeric = all_numeric && row[c].numeric;
      widths[c] = std::max(widths[c], Width(row[c].text));
    }
    numeric[c] = any_value && all_numeric;
    if (c < headers.size()) widths[c] = std::max(widths[c], Width(headers[c]) + 2);
  }
  std::ostringstream out;
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) out << "  ";
    out << Pad(c < headers.size() ? headers[c] : "", widths[c], numeric[c]);
  }
  out << "\n";
  for (size_t c = 0; c < columns; ++c) {
    if (c > 0) out << "  ";
    out << std::string(widths[c], '-');
  }
  out << "\n";
  for (const auto& row : rows) {
    for (size_t c = 0; c < columns; ++c) {
      if (c > 0) out << "  ";
      out << Pad(c < row.size() ? row[c].text : "", widths[c], numeric[c]);
    }
    out << "\n";
  }
  return out.str();
}

void SortRows(std::vector<Row>* rows, size_t column, bool reverse) {
  auto less = [column](const Row& a, const Row& b) {
    const Cell empty;
    const Cell& x = column < a.size() ? a[column] : empty;
    const Cell& y = column < b.size() ? b[column] : empty;
    if (x.numeric && y.numeric) return x.number < y.number;
    return x.text < y.text;
  };
  if (reverse) {
    std::stable_sort(rows->begin(), rows->end(),
                     [&less](const Row& a, const Row& b) { return less(b, a); });
  } else {
    std::stable_sort(rows->begin(), rows->end(), less);
  }
}

std::string PyStr(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "None";
    case Json::value_t::boolean:
      return value.get<bool>() ? "True" : "False";
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::array: {
      std::string text = "[";
      for (size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + PyRepr(value[i]);
      return text + "]";
    }
    case Json::value_t::object: {
      std::string text = "{";
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        text += (first ? "'" : ", '") + key + "': " + PyRepr(item);
        first = false;
      }
      return text + "}";
    }
    default:
      return value.dump();
  }
}

std::string RenderDict(const Json& data, int level, bool blank_line_after_list_item) {
  std::ostringstream out;
  if (!data.is_object()) return out.str();
  std::string indent(static_cast<size_t>(level) * 4, ' ');
  for (const auto& [key, value] : data.items()) {
    out << indent;
    bool list_of_dicts = value.is_array() &&
                         std::all_of(value.begin(), value.end(),
                                     [](const Json& item) { return item.is_object(); });
    if (value.is_object() && !value.empty()) {
      out << Pad(key, 30, false) << "\n"
          << RenderDict(value, level + 1, blank_line_after_list_item);
    } else if (list_of_dicts) {
      out << Pad(key, 30, false) << "\n";
      for (const auto& item : value) {
        out << RenderDict(item, level + 1, blank_line_after_list_item)
            << (blank_line_after_list_item ? "\n" : "");
      }
    } else {
      out << Pad(key, 30, false) << PyStr(value) << "\n";
    }
  }
  return out.str();
}

std::string RenderJson(const Json& data) { return data.dump(4); }

std::string ToDate(int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%d/%m/%Y, %H:%M:%S", &local);
  return buffer;
}

std::string WithCommas(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

}  // namespace drove::cli
