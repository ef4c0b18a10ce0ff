-- ctools: LuaTeX initialization script (lualatex --lua=sandbox.lua --fmt=lualatex ...).
--
-- Defence in depth for documents written by strangers. ctools already refuses every formula
-- that is not ordinary math, so document text cannot reach \directlua; should anything still
-- reach Lua, this script has run before the format and every package, and Lua's file and
-- process functions are limited for all code that follows:
--   * no process: os.execute, os.exec, os.spawn, io.popen, package.loadlib are disabled;
--   * writes (io.open in a write mode, os.remove, os.rename, lfs.mkdir/rmdir/touch/link)
--     only below the export folder (the folder the engine starts in) or inside TeX's own
--     cache trees (TEXMFCACHE, TEXMFVAR, TEXMFSYSVAR: luaotfload's font cache);
--   * reads (io.open, io.lines, io.input, loadfile, dofile) only below the export folder,
--     the TeX trees and the font folders: never a home folder, /etc or a repository;
--   * a path with a ".." part is refused, and a relative one is judged where it leads from
--     the current folder;
--   * lfs.chdir only into the export folder, the TeX trees and the font folders: luaotfload
--     enters each font folder (and comes straight back) while it builds its font name
--     database, which the first run on a new machine does (refusing it left the database
--     empty: "The font LatinModernRoman cannot be found").
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

local read_roots, write_roots, chdir_roots
local start_dir = lfs_currentdir ~= nil and lfs_currentdir() or nil  -- the export folder

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
  read_roots, write_roots, chdir_roots = {}, {}, {}
  for _, var in ipairs({"TEXMFCACHE", "TEXMFVAR", "TEXMFSYSVAR"}) do
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
  local home = os.getenv("HOME")
  if home ~= nil and home ~= "" then
    read_roots[#read_roots + 1] = home .. "/.fonts/"
    read_roots[#read_roots + 1] = home .. "/.local/share/fonts/"
  end
  for _, root in ipairs(read_roots) do  -- TeX and font folders, not configuration (/etc)
    if string_sub(root, 1, 5) ~= "/etc/" then chdir_roots[#chdir_roots + 1] = root end
  end
  if start_dir ~= nil and start_dir ~= "/" then
    for _, list in ipairs({read_roots, write_roots, chdir_roots}) do
      list[#list + 1] = start_dir .. "/"
    end
  end
end

local function absolute(path)
  -- where a path leads from the current folder; nil for "~" or a path with a ".." part
  if type(path) ~= "string" or path == "" or string_find(path, "\0", 1, true) then return nil end
  if string_sub(path, 1, 1) == "~" then return nil end
  for part in string.gmatch(path, "[^/]+") do
    if part == ".." then return nil end
  end
  if string_sub(path, 1, 1) == "/" then return path end
  local here = lfs_currentdir ~= nil and lfs_currentdir() or nil
  if here == nil then return nil end
  return (here == "/" and "" or here) .. "/" .. path
end

local function under(path, list)
  for _, root in ipairs(list) do
    if string_sub(path, 1, #root) == root or path .. "/" == root then return true end
  end
  return false
end

local function allowed(path, which)
  local full = absolute(path)
  if full == nil then return false end
  roots()
  return under(full, which())
end

local function may_read(path) return allowed(path, function() return read_roots end) end
local function may_write(path) return allowed(path, function() return write_roots end) end
local function may_enter(path) return allowed(path, function() return chdir_roots end) end

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
  local lfs_chdir = lfs.chdir
  lfs.chdir = function(path)
    if not may_enter(path) then return nil, "ctools: lfs.chdir to " .. tostring(path) .. " refused" end
    return lfs_chdir(path)
  end
end
