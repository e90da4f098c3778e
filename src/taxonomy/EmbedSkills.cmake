# Generates a C++ source holding src/taxonomy/skills.tsv: cmake -DIN=... -DOUT=... -P EmbedSkills.cmake
file(READ ${IN} _tsv)
set(_out "// Generated from src/taxonomy/skills.tsv by src/taxonomy/EmbedSkills.cmake. Do not edit.\n#include <string_view>\n\nnamespace kring::taxonomy {\n\nextern const std::string_view kShippedSkillsTsv;\nconst std::string_view kShippedSkillsTsv = R\"kring_tsv(${_tsv})kring_tsv\";\n\n}  // namespace kring::taxonomy\n")
file(WRITE ${OUT}.tmp "${_out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
