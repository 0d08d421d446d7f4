// Reading, writing and resolving the drove-cli INI config (~/.drove).
#include "orchestrator/cli/cli_config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace drove::cli {
namespace {

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), ::tolower);
  return text;
}

void SetItem(IniFile::Items* items, const std::string& key, const std::string& value) {
  for (auto& item : *items) {
    if (item.first == key) {
      item.second = value;
      return;
    }
  }
  items->emplace_back(key, value);
}

bool IsTrue(const std::string& value) {
  std::string lower = Lower(value);
  return lower == "true" || lower == "1" || lower == "yes" || lower == "on";
}

}  // namespace

core::Result<IniFile> IniFile::Parse(std::string_view text) {
  IniFile ini;
  Items* current = nullptr;
  std::string last_key;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#' || trimmed[0] == ';') continue;
    bool continuation = (line[0] == ' ' || line[0] == '\t') && current && !last_key.empty();
    if (continuation) {
      for (auto& item : *current) {
        if (item.first == last_key) item.second += "\n" + trimmed;
      }
      continue;
    }
    if (trimmed.front() == '[' && trimmed.back() == ']') {
      std::string name = trimmed.substr(1, trimmed.size() - 2);
      if (name != kDefaultSection && ini.Find(name) != nullptr) {
        return core::Result<IniFile>::Error("line " + std::to_string(line_number) +
                                            ": section '" + name + "' already exists");
      }
      ini.AddSection(name);
      current = ini.Find(name);
      last_key.clear();
      continue;
    }
    size_t sep = trimmed.find_first_of("=:");
    if (sep == std::string::npos || current == nullptr) {
      return core::Result<IniFile>::Error(
          "line " + std::to_string(line_number) +
          (current ? ": expected 'key = value'" : ": key outside of any [section]"));
    }
    last_key = Lower(Trim(trimmed.substr(0, sep)));
    SetItem(current, last_key, Trim(trimmed.substr(sep + 1)));
  }
  return ini;
}

std::string IniFile::Serialize() const {
  std::ostringstream out;
  auto write = [&out](const std::string& name, const Items& items) {
    out << "[" << name << "]\n";
    for (const auto& [key, value] : items) {
      std::string text = value;
      for (size_t pos = 0; (pos = text.find('\n', pos)) != std::string::npos; pos += 2) {
        text.insert(pos + 1, "\t");
      }
      out << key << " = " << text << "\n";
    }
    out << "\n";
  };
  if (!defaults_.empty()) write(kDefaultSection, defaults_);
  for (const auto& [name, items] : sections_) write(name, items);
  return out.str();
}

IniFile::Items* IniFile::Find(const std::string& section) {
  if (section == kDefaultSection) return &defaults_;
  for (auto& [name, items] : sections_) {
    if (name == section) return &items;
  }
  return nullptr;
}

const IniFile::Items* IniFile::Find(const std::string& section) const {
  return const_cast<IniFile*>(this)->Find(section);
}

bool IniFile::HasSection(const std::string& section) const { return Find(section) != nullptr; }

std::vector<std::string> IniFile::Sections() const {
  std::vector<std::string> names;
  for (const auto& entry : sections_) names.push_back(entry.first);
  return names;
}

std::optional<std::string> IniFile::Lookup(const std::string& section,
                                           const std::string& key) const {
  std::string lower = Lower(key);
  for (const Items* items : {Find(section), &defaults_}) {
    if (items == nullptr) continue;
    for (const auto& [name, value] : *items) {
      if (name == lower) return value;
    }
  }
  return std::nullopt;
}

std::string IniFile::Interpolate(const std::string& section, const std::string& value,
                                 int depth) const {
  if (depth > 10) return value;
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%' || i + 1 >= value.size()) {
      out += value[i];
    } else if (value[i + 1] == '%') {
      out += '%';
      ++i;
    } else if (value[i + 1] == '(') {
      size_t close = value.find(")s", i);
      if (close == std::string::npos) {
        out += value[i];
        continue;
      }
      std::string name = value.substr(i + 2, close - i - 2);
      auto referenced = Lookup(section, name);
      out += referenced ? Interpolate(section, *referenced, depth + 1) : "";
      i = close + 1;
    } else {
      out += value[i];
    }
  }
  return out;
}

std::optional<std::string> IniFile::Get(const std::string& section,
                                        const std::string& key) const {
  if (!HasSection(section)) return std::nullopt;
  auto raw = Lookup(section, key);
  if (!raw) return std::nullopt;
  return Interpolate(section, *raw, 0);
}

IniFile::Items IniFile::ItemsOf(const std::string& section) const {
  Items merged;
  if (const Items* own = Find(section)) merged = *own;
  for (const auto& [key, value] : defaults_) {
    bool shadowed = std::any_of(merged.begin(), merged.end(),
                                [&key](const auto& item) { return item.first == key; });
    if (!shadowed) merged.emplace_back(key, value);
  }
  for (auto& item : merged) item.second = Interpolate(section, item.second, 0);
  return merged;
}

const IniFile::Items& IniFile::RawItems(const std::string& section) const {
  static const Items kEmpty;
  const Items* items = Find(section);
  return items ? *items : kEmpty;
}

void IniFile::AddSection(const std::string& section) {
  if (Find(section) == nullptr) sections_.emplace_back(section, Items{});
}

void IniFile::RemoveSection(const std::string& section) {
  sections_.erase(std::remove_if(sections_.begin(), sections_.end(),
                                 [&section](const auto& entry) { return entry.first == section; }),
                  sections_.end());
}

void IniFile::Set(const std::string& section, const std::string& key, const std::string& value) {
  AddSection(section);
  SetItem(Find(section), Lower(key), value);
}

void IniFile::RemoveOption(const std::string& section, const std::string& key) {
  Items* items = Find(section);
  if (items == nullptr) return;
  items->erase(std::remove_if(items->begin(), items->end(),
                              [&key](const auto& item) { return item.first == key; }),
               items->end());
}

std::string DefaultConfigPath() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.drove";
}

core::Result<IniFile> LoadIniFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IniFile();
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto ini = IniFile::Parse(buffer.str());
  if (!ini.ok()) return core::Result<IniFile>::Error(path + ": " + ini.error());
  return ini;
}

core::Status SaveIniFile(const std::string& path, const IniFile& ini) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return core::Status::Error("cannot write " + path);
  out << ini.Serialize();
  return out ? core::Status::Ok() : core::Status::Error("cannot write " + path);
}

core::Result<ConnectionSettings> ResolveFromIni(const IniFile& ini, const std::string& cluster,
                                                const std::string& file_name) {
  std::string section = kDefaultSection;
  if (!cluster.empty()) {
    if (!ini.HasSection(cluster)) {
      return core::Result<ConnectionSettings>::Error("No cluster definition found for " + cluster +
                                                     " in config " + file_name);
    }
    section = cluster;
  } else if (auto current = ini.Get(kDefaultSection, "current_cluster");
             current && ini.HasSection(*current)) {
    section = *current;
  }
  ConnectionSettings settings;
  settings.endpoint = ini.Get(section, "endpoint").value_or("");
  settings.username = ini.Get(section, "username").value_or("");
  settings.password = ini.Get(section, "password").value_or("");
  settings.auth_header = ini.Get(section, "auth_header").value_or("");
  settings.insecure = IsTrue(ini.Get(section, "insecure").value_or("false"));
  settings.ca_file = ini.Get(section, "ca_file").value_or("");
  settings.source = file_name + " [" + section + "]";
  if (settings.endpoint.empty()) {
    return core::Result<ConnectionSettings>::Error(
        "provide config file or required command line params for drove connectivity");
  }
  while (!settings.endpoint.empty() && settings.endpoint.back() == '/') settings.endpoint.pop_back();
  return settings;
}

core::Result<ConnectionSettings> ResolveConnection(const GlobalOptions& options) {
  if (!options.endpoint.empty()) {
    ConnectionSettings settings{options.endpoint, options.username, options.password,
                                options.auth_header, options.insecure, "command line",
                                options.ca_file};
    while (!settings.endpoint.empty() && settings.endpoint.back() == '/') {
      settings.endpoint.pop_back();
    }
    return settings;
  }
  std::string path = options.config_file.empty() ? DefaultConfigPath() : options.config_file;
  std::ifstream probe(path);
  if (!probe) {
    return core::Result<ConnectionSettings>::Error("Config file " + path +
                                                   " is not present or readable");
  }
  auto ini = LoadIniFile(path);
  if (!ini.ok()) return core::Result<ConnectionSettings>::Error("Error parsing config file " +
                                                                ini.error());
  auto settings = ResolveFromIni(*ini, options.cluster, path);
  if (settings.ok() && options.insecure) settings->insecure = true;
  if (settings.ok() && !options.ca_file.empty()) settings->ca_file = options.ca_file;
  return settings;
}

}  // namespace drove::cli
