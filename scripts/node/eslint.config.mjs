// ESLint for the site's own JavaScript (overrides/assets/greenhouse/), run by scripts/test:
// the recommended rules, ES modules, browser globals.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["overrides/assets/greenhouse/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
  },
];
