-- ctools: LuaTeX initialization script (lualatex --lua=sandbox.lua --fmt=lualatex ...).
--
-- Defence in depth for documents written by strangers. ctools already refuses every formula
-- that is not ordinary math, so document text cannot reach \directlua; should anything still
-- reach Lua, this script has run before the format and every package, and Lua's file and
-- process functions are limited for all code that follows:
--   * no process: os.execute, os.exec, os.spawn, io.popen, package.loadlib are disabled;
--   * writes (io.open in a write mode, os.remove, os.rename, lfs.mkdir/rmdir/touch/link)
--     only below the current folder (the export folder: relative paths without "..") or
--     inside TeX's own cache trees (TEXMFVAR, TEXMFSYSVAR: luaotfload's font cache);
--   * reads (io.open, io.lines, io.input, loadfile, dofile) only below the current folder,
--     the TeX trees and the font folders: never a home folder, /etc or a repository.
-- TeX's own file access is restricted by openin_any=p / openout_any=p (set by ctools).

texconfig.kpse_init = true
texconfig.shell_escape = "f"

local io_open, io_lines, io_input, io_output = io.open, io.lines, io.input, io.output
local os_remove, os_rename = os.remove, os.rename
local lfs_currentdir = lfs ~= nil and lfs.currentdir or nil
local loadfile_, dofile_ = loadfile, dofile
local string_find, string_sub, string_gsub = string.find, string.sub, string.gsub

local function refuse(what)
  return function()
    return nil, "ctools: " .. what .. " is disabled"
  end
end

local read_roots, write_roots

local function expand(var)
  local ok, value = pcall(kpse.expand_var, "$" .. var)
  if ok and type(value) == "string" and value ~= "" and value ~= "$" .. var then
    return value
  end
  return nil
end

local function add_roots(list, value)
  if value == nil then return end
  -- a kpathsea value may be a path list ("a:b") with "!!" and braces; keep plain folders
  for part in string.gmatch(value, "[^:;,{}]+") do
    part = string_gsub(part, "^!!", "")
    part = string_gsub(part, "/+$", "")
    if string_sub(part, 1, 1) == "/" and #part > 1 then
      list[#list + 1] = part .. "/"
    end
  end
end

local function roots()
  if read_roots ~= nil then return end
  read_roots, write_roots = {}, {}
  for _, var in ipairs({"TEXMFVAR", "TEXMFSYSVAR"}) do
    add_roots(write_roots, expand(var))
  end
  for _, var in ipairs({"TEXMFROOT", "TEXMFDIST", "TEXMFMAIN", "TEXMFLOCAL", "TEXMFSYSVAR",
                        "TEXMFSYSCONFIG", "TEXMFVAR", "TEXMFCONFIG", "TEXMFHOME", "TEXMFCNF",
                        "OSFONTDIR"}) do
    add_roots(read_roots, expand(var))
  end
  for _, dir in ipairs({"/usr/share/texlive", "/usr/share/texmf", "/usr/local/share/texmf",
                        "/var/lib/texmf", "/etc/texmf", "/usr/share/fonts",
                        "/usr/local/share/fonts", "/etc/fonts", "/var/cache/fontconfig"}) do
    read_roots[#read_roots + 1] = dir .. "/"
  end
  local here = lfs_currentdir ~= nil and lfs_currentdir() or nil
  if here ~= nil and here ~= "/" then
    read_roots[#read_roots + 1] = here .. "/"
    write_roots[#write_roots + 1] = here .. "/"
  end
  local home = os.getenv("HOME")
  if home ~= nil and home ~= "" then
    read_roots[#read_roots + 1] = home .. "/.fonts/"
    read_roots[#read_roots + 1] = home .. "/.local/share/fonts/"
  end
end

local function relative_inside(path)
  -- a relative path that stays below the current folder
  if string_sub(path, 1, 1) == "/" or string_sub(path, 1, 1) == "~" then return false end
  for part in string.gmatch(path, "[^/]+") do
    if part == ".." then return false end
  end
  return true
end

local function under(path, list)
  if string_find(path, "/../", 1, true) or string_find(path, "/%.%.$") then return false end
  for _, root in ipairs(list) do
    if string_sub(path, 1, #root) == root then return true end
  end
  return false
end

local function may_read(path)
  if type(path) ~= "string" or string_find(path, "\0", 1, true) then return false end
  if relative_inside(path) then return true end
  roots()
  return under(path, read_roots)
end

local function may_write(path)
  if type(path) ~= "string" or string_find(path, "\0", 1, true) then return false end
  if relative_inside(path) then return true end
  roots()
  return under(path, write_roots)
end

io.open = function(path, mode)
  local m = mode or "r"
  local writes = string_find(m, "[wa+]") ~= nil
  if (writes and not may_write(path)) or (not writes and not may_read(path)) then
    return nil, "ctools: access to " .. tostring(path) .. " refused", 13
  end
  return io_open(path, mode)
end

io.lines = function(path, ...)
  if path ~= nil and not may_read(path) then
    error("ctools: reading " .. tostring(path) .. " refused")
  end
  return io_lines(path, ...)
end

io.input = function(file)
  if type(file) == "string" and not may_read(file) then
    error("ctools: reading " .. file .. " refused")
  end
  return io_input(file)
end

io.output = function(file)
  if type(file) == "string" and not may_write(file) then
    error("ctools: writing " .. file .. " refused")
  end
  return io_output(file)
end

loadfile = function(path, ...)
  if path ~= nil and not may_read(path) then
    return nil, "ctools: reading " .. tostring(path) .. " refused"
  end
  return loadfile_(path, ...)
end

dofile = function(path)
  if path ~= nil and not may_read(path) then
    error("ctools: reading " .. tostring(path) .. " refused")
  end
  return dofile_(path)
end

os.remove = function(path)
  if not may_write(path) then return nil, "ctools: removing " .. tostring(path) .. " refused" end
  return os_remove(path)
end

os.rename = function(old, new)
  if not (may_write(old) and may_write(new)) then
    return nil, "ctools: renaming " .. tostring(old) .. " refused"
  end
  return os_rename(old, new)
end

io.popen = refuse("io.popen")
os.execute = refuse("os.execute")
os.exec = refuse("os.exec")
os.spawn = refuse("os.spawn")
os.setenv = refuse("os.setenv")
os.tmpname = refuse("os.tmpname")
if package ~= nil then package.loadlib = refuse("package.loadlib") end
if debug ~= nil then  -- the originals above must stay out of reach
  for _, name in ipairs({"getupvalue", "setupvalue", "upvaluejoin", "getlocal", "setlocal"}) do
    debug[name] = refuse("debug." .. name)
  end
end

if lfs ~= nil then
  for _, name in ipairs({"mkdir", "rmdir", "touch", "link"}) do
    local original = lfs[name]
    if original ~= nil then
      lfs[name] = function(path, ...)
        if not may_write(path) then return nil, "ctools: lfs." .. name .. " refused" end
        return original(path, ...)
      end
    end
  end
  lfs.chdir = refuse("lfs.chdir")
end
