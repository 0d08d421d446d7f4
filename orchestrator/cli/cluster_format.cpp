// Python-compatible formatting of cluster events (str.format subset and json.dumps).
#include "orchestrator/cli/cluster_format.h"

namespace drove::cli {

std::string PyJsonDumps(const Json& value) {
  if (value.is_object()) {
    std::string text = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      text += (first ? "" : ", ") + Json(key).dump(-1, ' ', true) + ": " + PyJsonDumps(item);
      first = false;
    }
    return text + "}";
  }
  if (value.is_array()) {
    std::string text = "[";
    for (size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + PyJsonDumps(value[i]);
    return text + "]";
  }
  if (value.is_null()) return "null";
  return value.dump(-1, ' ', true);
}

std::string PyFormat(const std::string& format, const Json& fields) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if ((c == '{' || c == '}') && i + 1 < format.size() && format[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    size_t close = c == '{' ? format.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += c;
      continue;
    }
    std::string spec = format.substr(i + 1, close - i - 1);
    i = close;
    std::string name = spec.substr(0, spec.find(':'));
    std::string value = fields.contains(name) ? PyStr(fields[name]) : "";
    if (spec.find(':') == std::string::npos) {
      out += value;
      continue;
    }
    std::string align = spec.substr(spec.find(':') + 1);
    char fill = ' ';
    char how = '<';
    if (align.size() >= 2 && (align[1] == '<' || align[1] == '>' || align[1] == '^')) {
      fill = align[0];
      how = align[1];
      align = align.substr(2);
    } else if (!align.empty() && (align[0] == '<' || align[0] == '>' || align[0] == '^')) {
      how = align[0];
      align = align.substr(1);
    }
    size_t width = 0;
    try {
      width = align.empty() ? 0 : std::stoul(align);
    } catch (...) {
      width = 0;
    }
    size_t pad = width > value.size() ? width - value.size() : 0;
    if (how == '>') {
      out += std::string(pad, fill) + value;
    } else if (how == '^') {
      out += std::string(pad / 2, fill) + value + std::string(pad - pad / 2, fill);
    } else {
      out += value + std::string(pad, fill);
    }
  }
  return out;
}

std::string FormatEvent(const std::string& format, const Json& event) {
  Json fields;
  fields["type"] = event.value("type", "");
  fields["id"] = event.value("id", "");
  fields["time"] = event.contains("time") && event["time"].is_number()
                       ? ToDate(event["time"].get<int64_t>()) : "";
  fields["metadata"] = PyJsonDumps(event.value("metadata", Json::object()));
  return PyFormat(format, fields);
}

}  // namespace drove::cli
