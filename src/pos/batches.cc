// PosService's batch writes: products by the POS's own ids, once per Idempotency-Key.
#include "core/clock.h"
#include "core/hash.h"
#include "core/problems.h"
#include "pos/pos.h"

namespace vitrine::pos {
namespace {

using nlohmann::json;

// Problems of a record, from pointers into the record to pointers into the batch body.
json prefixed(const json& problems, const std::string& prefix) {
  json out = json::array();
  for (const auto& p : problems)
    out.push_back(
        {{"pointer", prefix + p.value("pointer", "")}, {"message", p.value("message", "")}});
  return out;
}

// A record of the batch read into what the catalogue takes, or the problems that keep it out.
struct ParsedRecord {
  std::optional<catalog::ExternalProduct> product;
  std::string external_id;
  json problems = json::array();
};

ParsedRecord parse_record(const json& record, const std::string& pointer) {
  ParsedRecord out;
  auto problem = [&](const std::string& where, const std::string& message) {
    out.problems.push_back({{"pointer", pointer + where}, {"message", message}});
  };
  if (!record.is_object()) {
    problem("", "must be a product object with an external_id");
    return out;
  }
  catalog::ExternalProduct product;
  auto id = record.find("external_id");
  if (id == record.end() || !id->is_string() || id->get_ref<const std::string&>().empty() ||
      id->get_ref<const std::string&>().size() > 255)
    problem("/external_id", "is required: the product's id in the point of sale (1-255 bytes)");
  else
    out.external_id = product.external_id = id->get<std::string>();
  if (auto v = record.find("version"); v != record.end() && !v->is_null()) {
    if (!v->is_number_integer() || v->get<int64_t>() < 0)
      problem("/version", "must be the version the point of sale last saw (an integer)");
    else
      product.version = v->get<int64_t>();
  }
  json fields = record;
  fields.erase("external_id");
  fields.erase("version");
  if (auto variants = fields.find("variants"); variants != fields.end() && variants->is_array()) {
    size_t named = 0;
    for (size_t i = 0; i < variants->size(); ++i) {
      const json& v = (*variants)[i];
      if (!v.is_object() || !v.contains("external_id")) continue;
      const json& vid = v["external_id"];
      if (!vid.is_string() || vid.get_ref<const std::string&>().empty())
        problem("/variants/" + std::to_string(i) + "/external_id", "must be a non-empty string");
      ++named;
    }
    if (named != 0 && named != variants->size())
      problem("/variants", "give every variant an external_id, or none");
  }
  auto input = catalog::product_input_from_json(fields, false);
  if (!input.ok()) {
    for (const auto& p : prefixed(input.error().details.value("problems", json::array()), pointer))
      out.problems.push_back(p);
  } else {
    product.input = std::move(*input);
  }
  if (out.problems.empty()) out.product = std::move(product);
  return out;
}

json result_json(size_t index, const catalog::ExternalResult& r, const std::string& pointer) {
  json j = {{"index", index},
            {"external_id", r.external_id},
            {"status", r.status},
            {"id", r.id.empty() ? json() : json(r.id)},
            {"version", r.version}};
  if (!r.problems.is_null() && !r.problems.empty()) j["problems"] = prefixed(r.problems, pointer);
  return j;
}

}  // namespace

Result<json> PosService::once(const std::string& workspace_id, const std::string& key,
                              const json& body,
                              const std::function<Result<json>(const SaveAnswer&)>& write) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength)
    return fail(errc::kInvalidArgument,
                "Idempotency-Key: a batch needs a key of 1-200 characters, the same for its "
                "retries",
                {{"header", "Idempotency-Key"}});
  const std::string request_hash = sha256_hex(body.dump());
  auto stored = [&]() -> Result<std::optional<json>> {
    VITRINE_ASSIGN(auto r, db_.exec("SELECT request_sha256, response FROM pos_batches WHERE "
                                    "workspace_id = ? AND idempotency_key = ?",
                                    {workspace_id, key}));
    if (r.empty()) return std::optional<json>();
    if (r.text(0, "request_sha256") != request_hash)
      return fail(errc::kConflict,
                  "Idempotency-Key '" + key +
                      "' was used for another batch; a retry must send the same body",
                  {{"header", "Idempotency-Key"}});
    json answer = json::parse(r.text(0, "response"));
    answer["replayed"] = true;
    return std::optional<json>(std::move(answer));
  };
  VITRINE_ASSIGN(auto before, stored());
  if (before) return *before;
  auto written = write([&](db::Session& s, const json& answer) -> Status {
    VITRINE_TRY(
        s.exec("INSERT INTO pos_batches (workspace_id, idempotency_key, request_sha256, "
               "response, created_at) VALUES (?, ?, ?, ?, ?)",
               {workspace_id, key, request_hash, answer.dump(), now_iso8601()}));
    return {};
  });
  // The same batch retried while the first was running: the first's answer, once committed.
  if (!written.ok() && written.error().code == errc::kAlreadyExists) {
    VITRINE_ASSIGN(auto after, stored());
    if (after) return *after;
  }
  return written;
}

Result<json> PosService::upsert_products(const std::string& workspace_id,
                                         const std::string& idempotency_key, const json& body) {
  auto products = body.find("products");
  if (body.size() != 1 || products == body.end() || !products->is_array() || products->empty() ||
      products->size() > kMaxBatchRecords)
    return validation_failed_at("/products", "must be the only member: an array of 1-" +
                                                 std::to_string(kMaxBatchRecords) + " products");
  return once(workspace_id, idempotency_key, body, [&](const SaveAnswer& save) -> Result<json> {
    std::vector<ParsedRecord> parsed;
    std::vector<catalog::ExternalProduct> records;
    std::vector<size_t> record_index;  // records[i] is products[record_index[i]]
    for (size_t i = 0; i < products->size(); ++i) {
      parsed.push_back(parse_record((*products)[i], "/products/" + std::to_string(i)));
      if (parsed.back().product) {
        records.push_back(std::move(*parsed.back().product));
        record_index.push_back(i);
      }
    }
    json answer;
    VITRINE_TRY(catalog_.upsert_external(
        workspace_id, std::move(records),
        [&](db::Session& s, const std::vector<catalog::ExternalResult>& results) -> Status {
          json list = json::array();
          size_t next = 0;
          for (size_t i = 0; i < parsed.size(); ++i) {
            const std::string pointer = "/products/" + std::to_string(i);
            if (next < record_index.size() && record_index[next] == i) {
              list.push_back(result_json(i, results[next++], pointer));
            } else {
              list.push_back({{"index", i},
                              {"external_id", parsed[i].external_id},
                              {"status", "invalid"},
                              {"id", nullptr},
                              {"version", 0},
                              {"problems", parsed[i].problems}});
            }
          }
          answer = {{"results", list}, {"replayed", false}};
          return save(s, answer);
        }));
    return answer;
  });
}

Result<json> PosService::adjust_inventory(const std::string& workspace_id,
                                          const std::string& idempotency_key, const json& body) {
  auto list = body.find("adjustments");
  if (body.size() != 1 || list == body.end() || !list->is_array() || list->empty() ||
      list->size() > kMaxAdjustments)
    return validation_failed_at("/adjustments", "must be the only member: an array of 1-" +
                                                    std::to_string(kMaxAdjustments) +
                                                    " adjustments");
  // Every adjustment is read before anything is written: a malformed one refuses the batch.
  std::vector<catalog::StockAdjustment> adjustments;
  Problems problems;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& a = (*list)[i];
    const std::string ptr = "/adjustments/" + std::to_string(i);
    if (!a.is_object()) {
      problems.add(ptr, "must be an object {variant_external_id, location?, set | adjust}");
      continue;
    }
    catalog::StockAdjustment adj;
    for (const auto& [key, value] : a.items())
      if (key != "variant_external_id" && key != "location" && key != "set" && key != "adjust")
        problems.add(ptr + "/" + key, "is not an adjustment field");
    auto id = a.find("variant_external_id");
    if (id == a.end() || !id->is_string() || id->get_ref<const std::string&>().empty())
      problems.add(ptr + "/variant_external_id", "is required: the variant's id in the POS");
    else
      adj.variant_external_id = id->get<std::string>();
    if (auto loc = a.find("location"); loc != a.end()) {
      if (!loc->is_string() || loc->get_ref<const std::string&>().empty() ||
          loc->get_ref<const std::string&>().size() > kMaxLocationLength)
        problems.add(ptr + "/location", "must be a location name of 1-100 characters");
      else
        adj.location = loc->get<std::string>();
    }
    const bool has_set = a.contains("set"), has_adjust = a.contains("adjust");
    if (has_set == has_adjust)
      problems.add(ptr, "give exactly one of set (an absolute count) and adjust (a change)");
    else if (has_set && (!a["set"].is_number_integer() || a["set"].get<int64_t>() < 0))
      problems.add(ptr + "/set", "must be a count: an integer of 0 or more");
    else if (has_adjust && !a["adjust"].is_number_integer())
      problems.add(ptr + "/adjust", "must be an integer");
    else if (has_set)
      adj.set = a["set"].get<int64_t>();
    else
      adj.adjust = a["adjust"].get<int64_t>();
    adjustments.push_back(std::move(adj));
  }
  if (!problems.empty()) return problems.error("the adjustments were not applied");
  return once(workspace_id, idempotency_key, body, [&](const SaveAnswer& save) -> Result<json> {
    json answer;
    VITRINE_TRY(catalog_.adjust_stock(
        workspace_id, adjustments,
        [&](db::Session& s, const std::vector<catalog::StockResult>& results) -> Status {
          json items = json::array();
          for (size_t i = 0; i < results.size(); ++i) {
            const auto& r = results[i];
            json j = {{"index", i},
                      {"status", r.status},
                      {"variant_id", r.variant_id.empty() ? json() : json(r.variant_id)},
                      {"level", r.level},
                      {"available", r.available}};
            if (r.status == "invalid")
              j["problems"] = prefixed(r.problems, "/adjustments/" + std::to_string(i));
            items.push_back(std::move(j));
          }
          answer = {{"results", items}, {"replayed", false}};
          return save(s, answer);
        }));
    return answer;
  });
}

}  // namespace vitrine::pos
