/**
 * The form page's only style sheet, inlined (no external resources). System fonts, large
 * targets, visible focus, contrast above WCAG AA, and a layout that fits a narrow iframe.
 */
export const FORM_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;background:#fff}
body{margin:0;padding:1.5rem 1rem}
main{max-width:36rem;margin:0 auto}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
p{margin:0 0 1rem}
.langs{display:flex;justify-content:flex-end;gap:.75rem;font-size:.9rem;margin-bottom:.5rem}
.langs a{color:#0b57d0}
.langs [aria-current]{font-weight:600}
.intro{color:#3c4043}
.field{margin:0 0 1.25rem;padding:0;border:0;min-width:0}
label,legend{display:block;font-weight:600;margin-bottom:.35rem;padding:0}
.opt{font-weight:400;color:#5f6368}
.help{color:#5f6368;font-size:.9rem;margin:-.15rem 0 .5rem}
input[type=text],input[type=email],input[type=tel],textarea{display:block;width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #80868b;border-radius:6px;background:#fff;color:inherit}
textarea{min-height:6rem;resize:vertical}
.choice{display:flex;align-items:center;gap:.6rem;padding:.45rem .6rem;border:1px solid #dadce0;border-radius:6px;margin-bottom:.4rem}
.choice:hover{border-color:#80868b}
.choice label{font-weight:400;margin:0;flex:1;cursor:pointer}
.choice input{width:1.15rem;height:1.15rem;margin:0;accent-color:#0b57d0}
input:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible,.summary:focus{outline:3px solid #0b57d0;outline-offset:2px}
[aria-invalid=true]{border-color:#b3261e}
.error{color:#b3261e;font-weight:600;margin:.35rem 0 0}
.summary{border:2px solid #b3261e;border-radius:6px;padding:.75rem 1rem;margin-bottom:1.25rem}
.summary p{font-weight:600;margin:0 0 .25rem}
.summary ul{margin:0;padding-left:1.25rem}
.summary a{color:#b3261e}
button{font:inherit;font-weight:600;color:#fff;background:#0b57d0;border:0;border-radius:6px;padding:.7rem 1.4rem;cursor:pointer}
button:hover{background:#0842a0}
button[disabled]{opacity:.6;cursor:progress}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.done{border-left:4px solid #188038;padding:.75rem 1rem;background:#e6f4ea}
.done p{margin:0}
[hidden]{display:none!important}
`;
