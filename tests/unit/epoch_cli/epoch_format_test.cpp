// Unit tests for epoch-cli look-alike output: tables, print_dict, json.dumps and Python str().
#include "orchestrator/epoch_cli/epoch_format.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <ctime>

namespace drove::epoch_cli {
namespace {

// Dates are local time, as epoch-cli prints them: pin the zone.
struct UtcZone {
  UtcZone() {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

Json Details(const std::string& id, const Json& task, const Json& trigger, int64_t created) {
  return Json{{"id", id},
              {"topology", {{"name", id}, {"task", task}, {"trigger", trigger}}},
              {"state", "ACTIVE"},
              {"created", created},
              {"updated", created + 1999}};
}

Json ContainerTask() {
  return Json::parse(R"({"type":"CONTAINER_EXECUTION","taskName":"docker-task",
      "executable":{"type":"DOCKER","url":"docker.io/bash","dockerPullTimeout":"120 seconds"},
      "resources":[{"type":"CPU","count":1},{"type":"MEMORY","sizeInMB":512}],"volumes":[],
      "configs":[],"placementPolicy":{"type":"ANY"},"tags":{},"env":{"A":"B"},
      "args":["x","it's"]})");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_cli_format)

BOOST_FIXTURE_TEST_CASE(topology_list_is_tabulates_simple_table_with_local_dates, UtcZone) {
  Json topologies = Json::array(
      {Details("T1", ContainerTask(), {{"type", "CRON"}, {"timeSpec", "0 0/1 * * * ?"}}, 0),
       Details("at-once", ContainerTask(), {{"type", "AT"}, {"time", 5}}, 1700000000000)});
  BOOST_TEST(TopologyTable(topologies) ==
             "Id       Cron           State      CPU    Memory  Created               Updated\n"
             "-------  -------------  -------  -----  --------  --------------------  "
             "--------------------\n"
             "T1       0 0/1 * * * ?  ACTIVE       1       512  01/01/1970, 00:00:00  "
             "01/01/1970, 00:00:01\n"
             "at-once                 ACTIVE       1       512  14/11/2023, 22:13:20  "
             "14/11/2023, 22:13:21\n");
}

BOOST_FIXTURE_TEST_CASE(composite_topology_lists_with_empty_resources_instead_of_crashing,
                        UtcZone) {
  Json composite = {
      {"type", "COMPOSITE"}, {"tasks", Json::array({ContainerTask()})}, {"compositionType", "ALL"}};
  std::string table = TopologyTable(
      Json::array({Details("C", composite, {{"type", "CRON"}, {"timeSpec", "0 * * ? * *"}}, 0)}));
  // tabulate's own output for epoch-cli's row with None in CPU and Memory.
  BOOST_TEST(table ==
             "Id    Cron         State    CPU    Memory    Created               Updated\n"
             "----  -----------  -------  -----  --------  --------------------  "
             "--------------------\n"
             "C     0 * * ? * *  ACTIVE                    01/01/1970, 00:00:00  "
             "01/01/1970, 00:00:01\n");
}

BOOST_AUTO_TEST_CASE(table_lines_end_without_blanks_and_numeric_text_right_aligns) {
  Json runs = Json::parse(R"([{"topologyId":"123","runId":"x"},{"topologyId":"7","runId":"y"}])");
  BOOST_TEST(RunsTable(Json::array()) ==
             "TopologyId    RunId    State    runType    Created    Updated\n"
             "------------  -------  -------  ---------  ---------  ---------\n");
  BOOST_TEST(
      RunsTable(runs).find("------------  -------  -------  ---------  ---------  ---------\n"
                           "         123  x\n"
                           "           7  y\n") != std::string::npos,
      RunsTable(runs));
}

BOOST_AUTO_TEST_CASE(integer_looking_ids_right_align_as_tabulate_does) {
  BOOST_TEST(TabulateCell(Json("123")).numeric);
  BOOST_TEST(TabulateCell(Json("-7")).numeric);
  BOOST_TEST(!TabulateCell(Json("12a")).numeric);
  BOOST_TEST(!TabulateCell(Json("-")).numeric);
  BOOST_TEST(TabulateCell(Json(" x ")).text == "x");
  BOOST_TEST(TabulateCell(Json()).text.empty());
}

BOOST_FIXTURE_TEST_CASE(topology_get_prints_epoch_cli_print_dict_byte_for_byte, UtcZone) {
  Json details = Details("T1", ContainerTask(), {{"type", "CRON"}, {"timeSpec", "0 0/1 * * * ?"}},
                         1700000000000);
  details["topology"]["notify"] = {{"type", "MAIL"}, {"emails", {"a@b.com"}}};
  // Generated with epoch-cli's epochutils.print_dict (Python 3) on the same data.
  BOOST_TEST(
      TopologyDetails(details) ==
      "Id                            T1\nTopology                      \n    name                "
      "          T1\n    task                          \n        type                      "
      "    CONTAINER_EXECUTION\n        taskName                      docker-task\n        "
      "executable                    \n            type                          DOCKER\n   "
      "         url                           docker.io/bash\n            dockerPullTimeout "
      "            120 seconds\n        resources                     \n            type   "
      "                       CPU\n            count                         1\n           "
      " type                          MEMORY\n            sizeInMB                      "
      "512\n        volumes                       \n        configs                       "
      "\n        placementPolicy               \n            type                          "
      "ANY\n        tags                          {}\n        env                           "
      "\n            A                             B\n        args                         "
      " ['x', \"it's\"]\n    trigger                       \n        type                "
      "          CRON\n        timeSpec                      0 0/1 * * * ?\n    notify    "
      "                    \n        type                          MAIL\n        emails    "
      "                    ['a@b.com']\nState                         ACTIVE\nCreated       "
      "                14/11/2023, 22:13:20\nUpdated                       14/11/2023, "
      "22:13:21\n");
}

BOOST_AUTO_TEST_CASE(runs_get_prints_the_run_in_its_json_key_order) {
  Json run = Json::parse(R"({"topologyId":"T1","runId":"ESR-2024-01-15-10-30-00-000",
      "state":"SUCCESSFUL","message":"Task successful","tasks":{"docker-task":{
      "taskId":"T1-ESR-2024-01-15-10-30-00-000-docker-task","state":"COMPLETED",
      "upstreamId":"T1-ESR-2024-01-15-10-30-00-000-docker-task","errorMessage":""}},
      "runType":"SCHEDULED","created":1,"updated":2})");
  BOOST_TEST(PrintDict(run) ==
             "topologyId                    T1\nrunId                         "
             "ESR-2024-01-15-10-30-00-000\nstate                         SUCCESSFUL\nmessage     "
             "                  Task successful\ntasks                         \n    docker-task   "
             "                \n        taskId                        "
             "T1-ESR-2024-01-15-10-30-00-000-docker-task\n        state                         "
             "COMPLETED\n        upstreamId                    "
             "T1-ESR-2024-01-15-10-30-00-000-docker-task\n        errorMessage                  "
             "\nrunType                       SCHEDULED\ncreated                       1\nupdated  "
             "                     2\n");
}

BOOST_AUTO_TEST_CASE(runs_list_keeps_raw_millis_right_aligned) {
  Json runs = Json::parse(R"([{"topologyId":"T1","runId":"EIR-1","state":"RUNNING",
      "runType":"INSTANT","created":1700000000000,"updated":1700000000001}])");
  BOOST_TEST(RunsTable(runs) ==
             "TopologyId    RunId    State    runType          Created        Updated\n"
             "------------  -------  -------  ---------  -------------  -------------\n"
             "T1            EIR-1    RUNNING  INSTANT    1700000000000  1700000000001\n");
}

BOOST_AUTO_TEST_CASE(json_output_is_pythons_indent_4_with_ascii_escapes) {
  Json data = Json::parse(R"({"runId":"EIR-1","n":[1,{"a":"é"}],"e":{},"l":[]})");
  BOOST_TEST(JsonDumps(data) ==
             "{\n    \"runId\": \"EIR-1\",\n    \"n\": [\n        1,\n        {\n            "
             "\"a\": \"\\u00e9\"\n        }\n    ],\n    \"e\": {},\n    \"l\": []\n}\n");
  BOOST_TEST(JsonDumps(Json(true)) == "true\n");
  BOOST_TEST(JsonDumps(Json("http://d:4000/tasks/A/T")) == "\"http://d:4000/tasks/A/T\"\n");
}

BOOST_AUTO_TEST_CASE(kill_answer_prints_as_python_dict) {
  BOOST_TEST(PyPrint(Json::parse(R"({"success":true,"message":"Task cancel accepted"})")) ==
             "{'success': True, 'message': 'Task cancel accepted'}\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch_cli
