// epoch-cli look-alike rendering over the drove CLI's tabulate and print_dict helpers.
#include "orchestrator/epoch_cli/epoch_format.h"

#include <cctype>

namespace drove::epoch_cli {
namespace {

std::string Strip(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// Python's int(text) for plain decimal text: what tabulate aligns as a number.
bool ReadsAsInteger(const std::string& text) {
  size_t start = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  if (start >= text.size()) return false;
  for (size_t i = start; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::string DateOf(const Json& millis) {
  return millis.is_number() ? cli::ToDate(millis.get<int64_t>()) : "";
}

// tabulate strips the end of every line (cli::RenderTable pads the last column as well).
std::string Table(const std::vector<std::string>& headers, const std::vector<cli::Row>& rows) {
  std::string table = cli::RenderTable(headers, rows);
  std::string out;
  size_t start = 0;
  for (size_t end; (end = table.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = table.substr(start, end - start);
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

const Json& Field(const Json& object, const char* key) {
  static const Json kNull;
  return object.is_object() && object.contains(key) ? object[key] : kNull;
}

// epoch-cli appends count / sizeInMB in the order of task.resources. A COMPOSITE task has none
// (epoch-cli crashes on it): two empty cells keep the dates in their columns.
void AppendResources(const Json& task, cli::Row* row) {
  const Json& resources = Field(task, "resources");
  if (!resources.is_array()) {
    row->insert(row->end(), {cli::Cell(""), cli::Cell("")});
    return;
  }
  for (const auto& resource : resources) {
    const Json& type = Field(resource, "type");
    if (type == "CPU") row->push_back(TabulateCell(Field(resource, "count")));
    if (type == "MEMORY") row->push_back(TabulateCell(Field(resource, "sizeInMB")));
  }
}

}  // namespace

cli::Cell TabulateCell(const Json& value) {
  if (!value.is_string()) return cli::Cell::FromJson(value);
  const std::string text = Strip(value.get<std::string>());
  if (!ReadsAsInteger(text)) return cli::Cell(text);
  cli::Cell cell(text);
  cell.numeric = true;
  cell.number = std::stod(text);
  return cell;
}

std::string TopologyTable(const Json& topologies) {
  std::vector<cli::Row> rows;
  for (const auto& details : topologies) {
    const Json& topology = Field(details, "topology");
    cli::Row row{TabulateCell(Field(details, "id")),
                 TabulateCell(Field(Field(topology, "trigger"), "timeSpec")),
                 TabulateCell(Field(details, "state"))};
    AppendResources(Field(topology, "task"), &row);
    row.push_back(cli::Cell(DateOf(Field(details, "created"))));
    row.push_back(cli::Cell(DateOf(Field(details, "updated"))));
    rows.push_back(std::move(row));
  }
  return Table({"Id", "Cron", "State", "CPU", "Memory", "Created", "Updated"}, rows);
}

std::string TopologyDetails(const Json& details) {
  Json shown = Json::object();
  shown["Id"] = Field(details, "id");
  shown["Topology"] = Field(details, "topology");
  shown["State"] = Field(details, "state");
  shown["Created"] = DateOf(Field(details, "created"));
  shown["Updated"] = DateOf(Field(details, "updated"));
  return PrintDict(shown);
}

std::string RunsTable(const Json& runs) {
  std::vector<cli::Row> rows;
  for (const auto& run : runs) {
    cli::Row row;
    for (const char* key : {"topologyId", "runId", "state", "runType", "created", "updated"}) {
      row.push_back(TabulateCell(Field(run, key)));
    }
    rows.push_back(std::move(row));
  }
  return Table({"TopologyId", "RunId", "State", "runType", "Created", "Updated"}, rows);
}

std::string PrintDict(const Json& data) { return cli::RenderDict(data, 0, false); }

std::string JsonDumps(const Json& data) { return data.dump(4, ' ', true) + "\n"; }

std::string PyPrint(const Json& data) { return cli::PyStr(data) + "\n"; }

}  // namespace drove::epoch_cli
