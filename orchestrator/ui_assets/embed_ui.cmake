# Turns every file under UI_DIR (except tests/ and dot files) into OUTPUT, a C++ table of
# path -> bytes and strong ETag (ui_asset_table.h); the content type comes from the extension at
# run time (ui_files.h), so there is one table of types. Run as
#   cmake -DUI_DIR=... -DOUTPUT=... -DMAX_BYTES=... -P embed_ui.cmake
# Pure CMake (file(READ HEX)), so the build needs no xxd or other tool. Fails when the files
# together exceed MAX_BYTES: the operator UI's payload budget (issue 14).
cmake_minimum_required(VERSION 3.25)

file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${UI_DIR}" "${UI_DIR}/*")
list(FILTER files EXCLUDE REGEX "^tests/")
list(FILTER files EXCLUDE REGEX "(^|/)\\.")
list(SORT files)

set(arrays "")
set(rows "")
set(total 0)
set(index 0)
foreach(rel IN LISTS files)
  set(abs "${UI_DIR}/${rel}")
  file(SIZE "${abs}" size)
  math(EXPR total "${total} + ${size}")
  file(READ "${abs}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # 16 bytes a line keeps the generated file readable in a diff or an error message.
  string(REPEAT "0x..," 16 line)
  string(REGEX REPLACE "(${line})" "\\1\n    " bytes "${bytes}")
  file(SHA256 "${abs}" digest)
  string(SUBSTRING "${digest}" 0 32 digest)
  string(APPEND arrays "const unsigned char kFile${index}[] = {\n    ${bytes}0};\n")
  string(APPEND rows "      {\"${rel}\", \"\\\"${digest}\\\"\", kFile${index}, ${size}},\n")
  math(EXPR index "${index} + 1")
endforeach()

if(total GREATER MAX_BYTES)
  message(FATAL_ERROR "ui/ payload is ${total} bytes, over the limit of ${MAX_BYTES} bytes "
    "(150 KiB, issue 14): shrink the UI's files (ui/tests/ does not count)")
endif()

set(text "// Generated from ui/ by orchestrator/ui_assets/embed_ui.cmake: do not edit.
#include \"orchestrator/ui_assets/ui_asset_table.h\"

namespace drove::ui_assets {
namespace {

${arrays}
}  // namespace

const std::vector<EmbeddedAsset>& EmbeddedAssets() {
  static const std::vector<EmbeddedAsset> kAssets = {
${rows}  };
  return kAssets;
}

}  // namespace drove::ui_assets
")
file(WRITE "${OUTPUT}" "${text}")
