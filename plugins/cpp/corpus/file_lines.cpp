#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace io {

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

}  // namespace io

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " FILE\n";
        return 2;
    }
    const auto lines = io::read_lines(argv[1]);
    std::size_t longest = 0;
    for (const auto& line : lines) {
        if (line.size() > longest) {
            longest = line.size();
        }
    }
    std::cout << lines.size() << " lines, longest " << longest << "\n";
    return 0;
}
