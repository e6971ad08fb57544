export { Layout, type LayoutProps, type NavItem } from './layout'
export { ErrorSummary, bound, errorFor, type FieldError } from './error-summary'
export {
  ErrorMessage,
  FileUpload,
  Radios,
  Select,
  TextInput,
  Textarea,
  type Option,
} from './fields'
export { Button, ButtonGroup, CsrfField, Form } from './form'
export { SummaryCard, SummaryList, type SummaryRow } from './summary-list'
export { Table, type TableProps } from './table'
export { StatusTag, Tag, statusWords } from './tag'
export { ProgressBar } from './progress-bar'
export { BackLink, NotificationBanner, Panel, WarningText } from './panel'
export { QuestionPage } from './question-page'
