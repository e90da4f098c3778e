#include "taxonomy/esco_import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "common/text.h"
#include "importers/csv_reader.h"

namespace kring::taxonomy {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCountSql = "SELECT COUNT(*) FROM esco_skills";
// Portable upsert (SQLite >= 3.24 and PostgreSQL): a language absent from this run keeps its stored labels.
constexpr const char* kUpsertSql =
    "INSERT INTO esco_skills (uri, label_en, label_nl, alt_labels_en, alt_labels_nl, skill_type) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uri) DO UPDATE SET "
    "label_en = CASE WHEN excluded.label_en <> '' THEN excluded.label_en ELSE esco_skills.label_en END, "
    "label_nl = CASE WHEN excluded.label_nl <> '' THEN excluded.label_nl ELSE esco_skills.label_nl END, "
    "alt_labels_en = CASE WHEN excluded.label_en <> '' THEN excluded.alt_labels_en "
    "ELSE esco_skills.alt_labels_en END, "
    "alt_labels_nl = CASE WHEN excluded.label_nl <> '' THEN excluded.alt_labels_nl "
    "ELSE esco_skills.alt_labels_nl END, "
    "skill_type = CASE WHEN excluded.skill_type <> '' THEN excluded.skill_type ELSE esco_skills.skill_type END";

struct Record {
  std::string label[2];
  std::set<std::string> alts[2];
  std::string skill_type;
};

// 0 for English, 1 for Dutch, -1 for a file that is not a skills export in either.
int file_language(const std::string& name) {
  if (name.size() < 4 || name.substr(name.size() - 4) != ".csv") return -1;
  bool skills = name.rfind("skills_", 0) == 0 || name.find("SkillsCollection_") != std::string::npos;
  if (!skills) return -1;
  if (name.find("_en") != std::string::npos) return 0;
  if (name.find("_nl") != std::string::npos) return 1;
  return -1;
}

void split_alts(const std::string& raw, std::set<std::string>& out) {
  std::string cur;
  auto flush = [&] {
    std::string_view t = text::trim(cur);
    if (!t.empty()) out.emplace(t);
    cur.clear();
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' || raw[i] == '\r') {
      flush();
    } else if (raw.compare(i, 3, " | ") == 0) {
      flush();
      i += 2;
    } else {
      cur.push_back(raw[i]);
    }
  }
  flush();
}

std::string join(const std::set<std::string>& alts, const std::string& label) {
  std::string out;
  for (const auto& a : alts) {
    if (a == label) continue;
    if (!out.empty()) out += '\n';
    out += a;
  }
  return out;
}

}  // namespace

Result<EscoImportStats> import_esco(store::Database& db, const std::string& dir, const EscoImportOptions& options) {
  EscoImportStats stats;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::invalid("dir", "not a folder: " + dir);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && file_language(entry.path().filename().string()) >= 0) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Error::invalid("dir", "no ESCO skills CSV files (skills_en*.csv, ...) in " + dir);

  std::map<std::string, Record> records;
  for (const auto& path : files) {
    int lang = file_language(path.filename().string());
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::invalid("dir", "cannot read " + path.string());
    importers::CsvReader reader(in);
    std::vector<std::string> fields;
    if (reader.next(fields) != importers::CsvReader::Next::kRecord) continue;
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < fields.size(); ++i) col[fields[i]] = i;
    if (!col.count("conceptUri") || !col.count("preferredLabel")) {
      if (options.on_warning) options.on_warning(path.filename().string() + ": no conceptUri/preferredLabel");
      continue;
    }
    ++stats.files;
    auto field = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it != col.end() && it->second < fields.size() ? fields[it->second] : std::string();
    };
    for (;;) {
      auto next = reader.next(fields);
      if (next == importers::CsvReader::Next::kEnd) break;
      if (next == importers::CsvReader::Next::kMalformed) {
        ++stats.malformed;
        if (options.on_warning) {
          options.on_warning(path.filename().string() + ":" + std::to_string(reader.line()) + ": " + reader.error());
        }
        continue;
      }
      ++stats.rows;
      std::string uri(text::trim(field("conceptUri")));
      std::string label(text::trim(field("preferredLabel")));
      if (uri.empty() || label.empty()) {
        ++stats.malformed;
        continue;
      }
      Record& r = records[uri];
      r.label[lang] = label;
      split_alts(field("altLabels"), r.alts[lang]);
      if (std::string t = field("skillType"); !t.empty()) r.skill_type = t;
    }
    if (reader.stream_failed()) return Error::internal("reading " + path.string() + " failed");
  }
  stats.skills = static_cast<int64_t>(records.size());

  auto count = [&db]() {
    return db.read<int64_t>([](store::Session& s) { return Result<int64_t>(s.query_one(kCountSql)->i64(0)); });
  };
  KRING_ASSIGN_OR_RETURN(int64_t before, count());
  std::vector<const std::pair<const std::string, Record>*> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    auto written = db.write<int64_t>([&](store::WriteTx& tx) {
      for (const auto* kv : batch) {
        const Record& r = kv->second;
        tx.exec(kUpsertSql, {kv->first, r.label[0], r.label[1], join(r.alts[0], r.label[0]),
                             join(r.alts[1], r.label[1]), r.skill_type});
      }
      return Result<int64_t>(0);
    });
    if (!written.ok()) return std::move(written).error();
    batch.clear();
    return {};
  };
  for (const auto& kv : records) {
    batch.push_back(&kv);
    if (static_cast<int>(batch.size()) >= std::max(1, options.batch_rows)) KRING_TRY(flush());
  }
  KRING_TRY(flush());
  KRING_ASSIGN_OR_RETURN(int64_t after, count());
  stats.added = after - before;
  return stats;
}

}  // namespace kring::taxonomy
